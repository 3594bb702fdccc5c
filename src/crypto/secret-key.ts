import { createHash } from 'node:crypto';
import { inspect } from 'node:util';

/**
 * Secret key material that cannot leak through logging: `toString`, `toJSON` and `util.inspect` print a
 * fingerprint (first 8 bytes of SHA-256, hex), never the key. Read the bytes explicitly with `export()`.
 *
 * @example
 * const k = SecretKey.from(Buffer.alloc(16));
 * console.log(`${k}`); // SecretKey(fp=374708fff7719dd5)
 */
export class SecretKey {
  readonly #bytes: Buffer;
  readonly fingerprint: string;

  private constructor(bytes: Buffer) {
    this.#bytes = bytes;
    this.fingerprint = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  }

  /** Copies the bytes, so that later changes to the caller's buffer do not change the key. */
  static from(bytes: Uint8Array): SecretKey {
    return new SecretKey(Buffer.from(bytes));
  }

  get length(): number {
    return this.#bytes.length;
  }

  /** A copy of the key bytes. */
  export(): Buffer {
    return Buffer.from(this.#bytes);
  }

  toString(): string {
    return `SecretKey(fp=${this.fingerprint})`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

import { DtlsDecodeError } from './errors.js';

/** Thrown inside a parser only; `decode()` turns it into a returned DtlsDecodeError. */
class ShortRead extends Error {}

/**
 * A bounds-checked cursor over received bytes. Reads past the end throw `ShortRead`, which only
 * `decode()` catches: parsers are written straight through, and still never throw to their caller.
 */
export class Reader {
  #o = 0;
  constructor(readonly bytes: Uint8Array) {}

  get offset(): number {
    return this.#o;
  }
  get remaining(): number {
    return this.bytes.length - this.#o;
  }

  #need(n: number): void {
    if (this.#o + n > this.bytes.length) throw new ShortRead(`needs ${n} more bytes at ${this.#o}`);
  }
  u8(): number {
    this.#need(1);
    return this.bytes[this.#o++]!;
  }
  u16(): number {
    this.#need(2);
    const v = (this.bytes[this.#o]! << 8) | this.bytes[this.#o + 1]!;
    this.#o += 2;
    return v;
  }
  u24(): number {
    this.#need(3);
    const b = this.bytes;
    const v = (b[this.#o]! << 16) | (b[this.#o + 1]! << 8) | b[this.#o + 2]!;
    this.#o += 3;
    return v;
  }
  u48(): number {
    const hi = this.u16();
    const lo = this.u16() * 0x10000 + this.u16();
    return hi * 2 ** 32 + lo;
  }
  take(n: number): Buffer {
    this.#need(n);
    const out = Buffer.from(this.bytes.subarray(this.#o, this.#o + n));
    this.#o += n;
    return out;
  }
  /** A vector with a `lengthBytes`-byte length prefix (RFC 5246 §4.3). */
  vector(lengthBytes: 1 | 2 | 3): Buffer {
    const n = lengthBytes === 1 ? this.u8() : lengthBytes === 2 ? this.u16() : this.u24();
    return this.take(n);
  }
  rest(): Buffer {
    return this.take(this.remaining);
  }
  end(): void {
    if (this.remaining !== 0) throw new ShortRead(`${this.remaining} trailing bytes`);
  }
}

/** Runs a parser; a short read or trailing bytes become a returned DtlsDecodeError. */
export function decode<T>(
  structure: string,
  bytes: Uint8Array,
  parse: (r: Reader) => T,
): T | DtlsDecodeError {
  try {
    const r = new Reader(bytes);
    const v = parse(r);
    r.end();
    return v;
  } catch (e) {
    if (e instanceof ShortRead) return new DtlsDecodeError(structure, e.message);
    if (e instanceof DtlsDecodeError) return e;
    throw e;
  }
}

/** Big-endian unsigned integer of `n` bytes (n ≤ 6). */
export function uint(value: number, n: number): Buffer {
  const b = Buffer.alloc(n);
  b.writeUIntBE(value, 0, n);
  return b;
}

/** A vector with a length prefix of `lengthBytes` bytes. */
export function vector(lengthBytes: 1 | 2 | 3, data: Uint8Array): Buffer {
  return Buffer.concat([uint(data.length, lengthBytes), data]);
}

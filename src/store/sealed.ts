import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CiotsecError } from '../errors/base.js';
import { SecretKey } from '../crypto/secret-key.js';

const VERSION = 1;

/** A sealed value does not open: wrong master key, or the record was altered or moved to another row. */
export class UnsealError extends CiotsecError {
  readonly code = 'ERR_UNSEAL';
  override readonly name = 'UnsealError';
}

/**
 * Keys at rest are sealed with AES-256-GCM under the store's master key. The associated data binds
 * a sealed value to its row and column (e.g. `subscriber:001010000000001:k`), so a value copied to
 * another subscriber does not open. Layout: version(1) ‖ IV(12) ‖ tag(16) ‖ ciphertext.
 */
export class Sealer {
  readonly #master: Buffer;

  constructor(masterKey: SecretKey) {
    if (masterKey.length !== 32) throw new RangeError('master key must be 32 bytes (AES-256)');
    this.#master = masterKey.export();
  }

  seal(plaintext: Uint8Array, aad: string, iv: Uint8Array = randomBytes(12)): Buffer {
    const c = createCipheriv('aes-256-gcm', this.#master, iv);
    c.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([c.update(plaintext), c.final()]);
    return Buffer.concat([Uint8Array.of(VERSION), iv, c.getAuthTag(), ct]);
  }

  open(sealed: Uint8Array, aad: string): SecretKey {
    if (sealed.length < 29 || sealed[0] !== VERSION)
      throw new UnsealError(`sealed value for ${aad} is malformed`);
    try {
      const d = createDecipheriv('aes-256-gcm', this.#master, sealed.subarray(1, 13));
      d.setAAD(Buffer.from(aad, 'utf8'));
      d.setAuthTag(sealed.subarray(13, 29));
      return SecretKey.from(Buffer.concat([d.update(sealed.subarray(29)), d.final()]));
    } catch (cause) {
      throw new UnsealError(`sealed value for ${aad} does not open (wrong master key or altered data)`, {
        cause,
      });
    }
  }
}

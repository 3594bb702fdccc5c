import { createHash, getHashes } from 'node:crypto';
import { InvalidInputError } from '../errors/base.js';

const HASH_LENGTH: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 };

/**
 * ANSI X9.63 key derivation (SEC 1 v2 §3.6.1): K = Hash(Z ‖ 00000001 ‖ SharedInfo) ‖ Hash(Z ‖ 00000002 ‖
 * SharedInfo) ‖ …, truncated to `length` octets. Seed 004 Annex uses it with SHA-256 ("KDF-128").
 *
 * @example
 * const ks = x963Kdf(sharedSecret, Uint8Array.of(0x10, 0x10, 0x89), 48); // KS[1..3], 16 octets each
 */
export function x963Kdf(
  z: Uint8Array,
  sharedInfo: Uint8Array,
  length: number,
  hash: 'sha256' | 'sha384' | 'sha512' = 'sha256',
): Buffer {
  const hashLen = HASH_LENGTH[hash];
  if (hashLen === undefined || !getHashes().includes(hash))
    throw new InvalidInputError('hash', `unsupported ${hash}`);
  if (!Number.isInteger(length) || length < 0)
    throw new InvalidInputError('length', 'must be a non-negative integer');
  const blocks = Math.ceil(length / hashLen);
  if (blocks > 0xffffffff) throw new InvalidInputError('length', 'exceeds hashLen × (2^32 − 1)');
  const out = Buffer.allocUnsafe(blocks * hashLen);
  const counter = Buffer.allocUnsafe(4);
  for (let i = 1; i <= blocks; i++) {
    counter.writeUInt32BE(i, 0);
    createHash(hash)
      .update(z)
      .update(counter)
      .update(sharedInfo)
      .digest()
      .copy(out, (i - 1) * hashLen);
  }
  return out.subarray(0, length);
}

/** Seed 004 Annex "KDF-128": N keys of 128 bits from X9.63 with SHA-256. */
export function kdf128(sharedSecret: Uint8Array, sharedInfo: Uint8Array, n: number): Buffer[] {
  const all = x963Kdf(sharedSecret, sharedInfo, n * 16);
  return Array.from({ length: n }, (_, i) => all.subarray(i * 16, (i + 1) * 16));
}

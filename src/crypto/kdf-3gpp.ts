import { createHmac } from 'node:crypto';
import { InvalidInputError } from '../errors/base.js';

/** FC as a number (one octet, 0x00–0xFF) or as its one- or two-octet encoding. */
export type Fc = number | Uint8Array;

function encodeFc(fc: Fc): Uint8Array {
  if (typeof fc === 'number') {
    if (!Number.isInteger(fc) || fc < 0 || fc > 0xffff)
      throw new InvalidInputError('fc', 'must be 0x00–0xffff');
    return fc > 0xff ? Uint8Array.of(fc >> 8, fc & 0xff) : Uint8Array.of(fc);
  }
  if (fc.length !== 1 && fc.length !== 2) throw new InvalidInputError('fc', 'must be one or two octets');
  return fc;
}

/**
 * The input string S of TS 33.220 Annex B.2.2: FC ‖ P0 ‖ L0 ‖ … ‖ Pn ‖ Ln, each Li the two-octet
 * big-endian length of Pi. Empty parameters are allowed (Li = 0x0000).
 */
export function kdfInput(fc: Fc, params: readonly Uint8Array[]): Buffer {
  const fcBytes = encodeFc(fc);
  let size = fcBytes.length;
  for (const [i, p] of params.entries()) {
    if (p.length > 0xffff) throw new InvalidInputError(`param[${i}]`, 'longer than 65535 octets');
    size += p.length + 2;
  }
  const s = Buffer.allocUnsafe(size);
  s.set(fcBytes, 0);
  let o = fcBytes.length;
  for (const p of params) {
    s.set(p, o);
    o += p.length;
    s.writeUInt16BE(p.length, o);
    o += 2;
  }
  return s;
}

/**
 * The generic key derivation function of TS 33.220 Annex B.2: HMAC-SHA-256(Key, S), 32 octets.
 *
 * @example
 * const kasme = kdf(Buffer.concat([ck, ik]), 0x10, [plmn, sqnXorAk]);
 */
export function kdf(key: Uint8Array, fc: Fc, params: readonly Uint8Array[]): Buffer {
  return hmacSha256(key, kdfInput(fc, params));
}

/** HMAC-SHA-256 (RFC 2104, FIPS 198-1), the PRF under the KDF. */
export function hmacSha256(key: Uint8Array, data: Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

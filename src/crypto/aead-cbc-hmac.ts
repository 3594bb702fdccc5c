import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { constantTimeEqual, requireLength } from './bytes.js';
import { IntegrityCheckError } from './errors.js';
import { InvalidInputError } from '../errors/base.js';

const BLOCK = 16;
const MAX_MESSAGE = 0xffff;

/**
 * M_SRC of seed 004 Annex XX: the message "padded with 'FF'" to a multiple of 128 bits. Padding with a
 * constant octet alone is ambiguous (a message may end in FF), so M_SRC = L ‖ M ‖ FF…FF with L the
 * length of M in 2 octets, big endian, and 0–15 octets FF (docs/decisions.md D-028).
 */
export function padFF(message: Uint8Array): Buffer {
  if (message.length > MAX_MESSAGE)
    throw new InvalidInputError('message', `longer than ${MAX_MESSAGE} octets`);
  const framed = 2 + message.length;
  const out = Buffer.alloc(Math.ceil(framed / BLOCK) * BLOCK, 0xff);
  out.writeUInt16BE(message.length, 0);
  Buffer.from(message).copy(out, 2);
  return out;
}

/** Inverse of padFF; anything but exactly L ‖ M ‖ 0–15 × FF is an integrity failure. */
export function unpadFF(src: Uint8Array): Buffer {
  if (src.length < BLOCK || src.length % BLOCK !== 0) throw new IntegrityCheckError();
  const length = (src[0]! << 8) | src[1]!;
  const end = 2 + length;
  if (end > src.length || src.length - end >= BLOCK) throw new IntegrityCheckError();
  for (let i = end; i < src.length; i++) if (src[i] !== 0xff) throw new IntegrityCheckError();
  return Buffer.from(src.subarray(2, end));
}

export interface Sealed {
  /** M_DST: the cryptogram. */
  readonly m: Buffer;
  /** H_CHECK: 128-bit integrity check. */
  readonly h: Buffer;
}

/** KS[1..3] of KDF-128, each 16 octets. */
export type SessionKeys = readonly [Uint8Array, Uint8Array, Uint8Array];

function checkKeys(ks: SessionKeys): void {
  ks.forEach((k, i) => requireLength(k, 16, `KS[${i + 1}]`));
}

/**
 * Seed 004 Annex XX, the CBC alternative: M_DST = CBC-AES-128(KE = KS[1], IV = KS[2])[M_SRC] (no
 * further padding, M_SRC is block aligned) and H_CHECK = HMAC-SHA256(KH = KS[3])[M_SRC] truncated to
 * 128 bits. The IV is fixed by the keys, so each KS encrypts one message only: KS13 and KS23 come from
 * fresh ephemeral keys in every attach.
 *
 * @example
 * const { m, h } = encryptCbcHmac(ks, cborBytes);
 * const clear = decryptCbcHmac(ks, m, h); // throws ERR_INTEGRITY_CHECK on any change
 */
export function encryptCbcHmac(ks: SessionKeys, message: Uint8Array): Sealed {
  checkKeys(ks);
  const src = padFF(message);
  const c = createCipheriv('aes-128-cbc', ks[0], ks[1]).setAutoPadding(false);
  const m = Buffer.concat([c.update(src), c.final()]);
  const h = createHmac('sha256', ks[2]).update(src).digest().subarray(0, 16);
  return { m, h };
}

/**
 * Decrypts, then checks H in constant time, then unpads: one error for every failure, and the padding
 * is looked at only once the MAC has verified (no padding oracle).
 */
export function decryptCbcHmac(ks: SessionKeys, m: Uint8Array, h: Uint8Array): Buffer {
  checkKeys(ks);
  if (m.length === 0 || m.length % BLOCK !== 0 || h.length !== 16) throw new IntegrityCheckError();
  const d = createDecipheriv('aes-128-cbc', ks[0], ks[1]).setAutoPadding(false);
  const src = Buffer.concat([d.update(m), d.final()]);
  const expected = createHmac('sha256', ks[2]).update(src).digest().subarray(0, 16);
  if (!constantTimeEqual(expected, h)) throw new IntegrityCheckError();
  return unpadFF(src);
}

/** Raw AES-128-CBC without padding, for the SP 800-38A known-answer test. */
export function aes128CbcRaw(key: Uint8Array, iv: Uint8Array, data: Uint8Array, decrypt = false): Buffer {
  const c = (decrypt ? createDecipheriv : createCipheriv)('aes-128-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

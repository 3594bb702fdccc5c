import { createCipheriv, createHash } from 'node:crypto';
import { InvalidInputError } from '../errors/base.js';

/**
 * UUID_UE (seed 004 step 0-a, D-031). The seed's AES128[K_TRESI](Rand | CATV | SN) is 144 bits and
 * not an RFC 9562 UUID. Here UUID_UE is an RFC 9562 version 8 UUID whose 122 free bits are
 * Rand (40 bits) ‖ ((CATV (32) ‖ 00 ‖ SN (48)) ⊕ the first 82 bits of AES-128[K_TRESI](Rand ‖ 0^88)):
 * the holder of K_TRESI recovers SN and checks CATV; anyone else sees 122 pseudo-random bits.
 */
const PAYLOAD_BITS = 122n;

function setVersion8(payload: bigint): Buffer {
  // RFC 9562 §5.8: custom_a (48) ‖ ver (4) = 8 ‖ custom_b (12) ‖ var (2) = 10 ‖ custom_c (62)
  const a = payload >> 74n;
  const b = (payload >> 62n) & 0xfffn;
  const c = payload & ((1n << 62n) - 1n);
  const v = (a << 80n) | (8n << 76n) | (b << 64n) | (2n << 62n) | c;
  return Buffer.from(v.toString(16).padStart(32, '0'), 'hex');
}

function payloadOf(uuid: Uint8Array): bigint {
  const v = BigInt(`0x${Buffer.from(uuid).toString('hex')}`);
  return ((v >> 80n) << 74n) | (((v >> 64n) & 0xfffn) << 62n) | (v & ((1n << 62n) - 1n));
}

function keystream(kTresi: Uint8Array, rand: bigint): bigint {
  const block = Buffer.alloc(16);
  Buffer.from(rand.toString(16).padStart(10, '0'), 'hex').copy(block, 0);
  const c = createCipheriv('aes-128-ecb', kTresi, null).setAutoPadding(false);
  const out = Buffer.concat([c.update(block), c.final()]);
  return BigInt(`0x${out.toString('hex')}`) >> (128n - 82n);
}

/** UUID_UE generated in the TRE from a 40-bit Rand, the 32-bit CATV and the TRE serial number (≤ 48 bits). */
export function generateTreUuid(
  kTresi: Uint8Array,
  rand: Uint8Array,
  catv: Uint8Array,
  serial: bigint,
): Buffer {
  if (kTresi.length !== 16 || rand.length !== 5 || catv.length !== 4)
    throw new InvalidInputError('uuid', 'K_TRESI 16, Rand 5 and CATV 4 octets');
  if (serial < 0n || serial >= 1n << 48n) throw new InvalidInputError('serial', 'must fit 48 bits');
  const r = BigInt(`0x${Buffer.from(rand).toString('hex')}`);
  const clear = (BigInt(`0x${Buffer.from(catv).toString('hex')}`) << 50n) | serial;
  return setVersion8((r << 82n) | (clear ^ keystream(kTresi, r)));
}

/** The serial number in a TRE-generated UUID_UE, or undefined when CATV does not check (not ours). */
export function decodeTreUuid(kTresi: Uint8Array, uuid: Uint8Array, catv: Uint8Array): bigint | undefined {
  if (uuid.length !== 16 || (uuid[6]! & 0xf0) !== 0x80 || (uuid[8]! & 0xc0) !== 0x80) return undefined;
  const p = payloadOf(uuid);
  const r = p >> 82n;
  const clear = (p & ((1n << 82n) - 1n)) ^ keystream(kTresi, r);
  if (clear >> 50n !== BigInt(`0x${Buffer.from(catv).toString('hex')}`)) return undefined;
  if (((clear >> 48n) & 3n) !== 0n) return undefined;
  return clear & ((1n << 48n) - 1n);
}

/** RFC 9562 text form. */
export function formatUuid(b: Uint8Array): string {
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function parseUuid(s: string, field = 'uuid'): Buffer {
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s))
    throw new InvalidInputError(field, 'must be an RFC 9562 UUID (8-4-4-4-12 hex)');
  return Buffer.from(s.replace(/-/g, ''), 'hex');
}

/** The TRE binding of D-031: SHA-256 of the SubjectPublicKeyInfo of CERT.TRE.ECDSA. */
export function treBinding(spkiDer: Uint8Array): Buffer {
  return createHash('sha256').update(spkiDer).digest();
}

export const UUID_PAYLOAD_BITS = PAYLOAD_BITS;

import { createECDH, ECDH } from 'node:crypto';
import { InvalidInputError } from '../errors/base.js';
import { COORDINATE_LENGTH, CURVES, type CurveName } from './ec-curves.js';
import { InvalidPublicKeyError } from './errors.js';
import { SecretKey } from './secret-key.js';

const mod = (x: bigint, p: bigint): bigint => ((x % p) + p) % p;
const toBig = (b: Uint8Array): bigint =>
  b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString('hex')}`);

/**
 * Accepts a peer public key only as a point of `curve` (BSI TR-03111 §3.2.2 public key validation):
 * SEC 1 uncompressed (04‖X‖Y) or compressed (02/03‖X) form, coordinates below p, y² = x³ + ax + b,
 * not the point at infinity (which has no such encoding). Cofactor 1: on-curve implies order n.
 * Returns the uncompressed form.
 *
 * @example
 * const q = validatePublicPoint('brainpoolP256r1', peerBytes); // throws ERR_INVALID_PUBLIC_KEY
 */
export function validatePublicPoint(curve: CurveName, point: Uint8Array): Buffer {
  const c = CURVES[curve];
  let uncompressed: Buffer;
  if (point.length === 1 + 2 * COORDINATE_LENGTH && point[0] === 0x04) {
    uncompressed = Buffer.from(point);
  } else if (point.length === 1 + COORDINATE_LENGTH && (point[0] === 0x02 || point[0] === 0x03)) {
    if (toBig(point.subarray(1)) >= c.p) throw new InvalidPublicKeyError(curve, 'x ≥ p');
    try {
      uncompressed = ECDH.convertKey(point, c.nodeName, undefined, undefined, 'uncompressed') as Buffer;
    } catch {
      throw new InvalidPublicKeyError(curve, 'x has no square root on the curve');
    }
  } else {
    throw new InvalidPublicKeyError(curve, `encoding of ${point.length} octets`);
  }
  const x = toBig(uncompressed.subarray(1, 1 + COORDINATE_LENGTH));
  const y = toBig(uncompressed.subarray(1 + COORDINATE_LENGTH));
  if (x >= c.p || y >= c.p) throw new InvalidPublicKeyError(curve, 'coordinate ≥ p');
  if (mod(y * y - (x * x * x + c.a * x + c.b), c.p) !== 0n)
    throw new InvalidPublicKeyError(curve, 'not on the curve');
  return uncompressed;
}

/** A private scalar as 32 octets (leading zero octets of a longer encoding removed), checked 1 ≤ d < n. */
export function normalisePrivateScalar(curve: CurveName, d: Uint8Array): Buffer {
  let i = 0;
  while (i < d.length - COORDINATE_LENGTH && d[i] === 0) i++;
  const trimmed = d.subarray(i);
  if (trimmed.length > COORDINATE_LENGTH) throw new InvalidInputError('privateKey', 'longer than 32 octets');
  const v = toBig(trimmed);
  if (v === 0n || v >= CURVES[curve].n) throw new InvalidInputError('privateKey', 'not in [1, n−1]');
  const out = Buffer.alloc(COORDINATE_LENGTH);
  Buffer.from(trimmed).copy(out, COORDINATE_LENGTH - trimmed.length);
  return out;
}

export interface EphemeralKeyPair {
  /** SK.X.ECDHE: the scalar d, as a SecretKey so that it never prints. */
  readonly privateKey: SecretKey;
  /** PK.X.ECDHE: the uncompressed point. */
  readonly publicKey: Buffer;
}

/** {SK, PK} = ECDHE() (seed 004 Annex XX; BSI TR-03111 §4.3.1 key pair generation). */
export function generateEphemeralKeyPair(curve: CurveName): EphemeralKeyPair {
  const ecdh = createECDH(CURVES[curve].nodeName);
  const publicKey = ecdh.generateKeys();
  return { privateKey: SecretKey.from(normalisePrivateScalar(curve, ecdh.getPrivateKey())), publicKey };
}

/** The public point of a private scalar (uncompressed). */
export function publicPointOf(curve: CurveName, privateKey: SecretKey | Uint8Array): Buffer {
  const ecdh = createECDH(CURVES[curve].nodeName);
  ecdh.setPrivateKey(
    normalisePrivateScalar(curve, privateKey instanceof SecretKey ? privateKey.export() : privateKey),
  );
  return ecdh.getPublicKey();
}

/**
 * Elliptic-curve key agreement of BSI TR-03111 §4.3.1: ShS = x-coordinate of [d]Q (cofactor 1), 32
 * octets. ECKA-EG (§4.3.2.1) and ECKA-DH (§4.3.2.2) share this primitive and differ only in whether one
 * key is static; the peer key is validated first (§3.2.2), so an invalid-curve point is refused.
 *
 * @example
 * const shs = ecka('P-256', ephemeral.privateKey, snStaticPublicPoint); // KS13's ShS (ECKA-EG)
 */
export function ecka(
  curve: CurveName,
  privateKey: SecretKey | Uint8Array,
  peerPublicKey: Uint8Array,
): SecretKey {
  const q = validatePublicPoint(curve, peerPublicKey);
  const ecdh = createECDH(CURVES[curve].nodeName);
  ecdh.setPrivateKey(
    normalisePrivateScalar(curve, privateKey instanceof SecretKey ? privateKey.export() : privateKey),
  );
  let shs: Buffer;
  try {
    shs = ecdh.computeSecret(q);
  } catch {
    throw new InvalidPublicKeyError(curve, 'refused by the key agreement');
  }
  return SecretKey.from(shs);
}

/** ECKA-EG (TR-03111 §4.3.2.1): the ephemeral private key of one side, the static public key of the other. */
export const eckaEg = ecka;
/** ECKA-DH (TR-03111 §4.3.2.2): two ephemeral keys. */
export const eckaDh = ecka;

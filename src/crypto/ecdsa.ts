import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { COORDINATE_LENGTH, CURVES, type CurveName } from './ec-curves.js';
import { validatePublicPoint } from './ecka.js';

/** SubjectPublicKeyInfo (RFC 5480) of a validated point, for node:crypto and X.509. */
export function spkiFromPoint(curve: CurveName, point: Uint8Array): Buffer {
  const q = validatePublicPoint(curve, point);
  return Buffer.concat([CURVES[curve].spkiPrefix, q]);
}

/** The uncompressed point of an EC public KeyObject on `curve`; anything else is refused. */
export function pointFromPublicKey(curve: CurveName, key: KeyObject): Buffer {
  const der = key.export({ type: 'spki', format: 'der' });
  const prefix = CURVES[curve].spkiPrefix;
  if (
    der.length !== prefix.length + 1 + 2 * COORDINATE_LENGTH ||
    !der.subarray(0, prefix.length).equals(prefix)
  )
    return validatePublicPoint(curve, Buffer.alloc(0)); // throws ERR_INVALID_PUBLIC_KEY
  return validatePublicPoint(curve, der.subarray(prefix.length));
}

/** A static ECDSA/ECKA key pair on `curve` (private part stays a KeyObject; it never prints). */
export function generateStaticKeyPair(curve: CurveName): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: CURVES[curve].nodeName });
}

/** The private scalar of an EC private KeyObject (RFC 5915 ECPrivateKey.privateKey), for ECKA. */
export function scalarOf(key: KeyObject): Buffer {
  const der = key.export({ type: 'sec1', format: 'der' });
  // RFC 5915: SEQUENCE { INTEGER 1, OCTET STRING privateKey, … }; short-form lengths for 256-bit curves
  if (der[0] !== 0x30 || der[2] !== 0x02 || der[3] !== 0x01 || der[4] !== 0x01 || der[5] !== 0x04)
    throw new Error('unexpected ECPrivateKey encoding');
  return Buffer.from(der.subarray(7, 7 + der[6]!));
}

/** Imports a private key from PKCS#8 DER or PEM. */
export function importPrivateKey(pkcs8: string | Buffer): KeyObject {
  return typeof pkcs8 === 'string'
    ? createPrivateKey(pkcs8)
    : createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
}

/**
 * ECDSA with SHA-256 (BSI TR-03111 §4.2.1), signature as r‖s (IEEE P1363, 64 octets) — the form COSE
 * uses (RFC 9053 §2.1).
 *
 * @example
 * const sig = ecdsaSign(sk, tbs); ecdsaVerify('P-256', point, tbs, sig) === true;
 */
export function ecdsaSign(privateKey: KeyObject, data: Uint8Array): Buffer {
  return sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
}

/** Verifies r‖s over `data` with the point `publicPoint` on `curve`; false for any malformed input. */
export function ecdsaVerify(
  curve: CurveName,
  publicPoint: Uint8Array,
  data: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length !== 2 * COORDINATE_LENGTH) return false;
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spkiFromPoint(curve, publicPoint), format: 'der', type: 'spki' });
  } catch {
    return false;
  }
  try {
    return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

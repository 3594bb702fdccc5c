import type { KeyObject } from 'node:crypto';
import { ecdsaSign, ecdsaVerify } from '../crypto/ecdsa.js';
import type { CurveName } from '../crypto/ec-curves.js';
import { CiotsecError } from '../errors/base.js';
import { decodeCbor, encodeCbor, MessageFormatError, read } from './cbor.js';

/** COSE algorithm ES256 (RFC 9053 §2.1): ECDSA with SHA-256; in COSE the curve is the key's. */
const ES256 = -7;
const PROTECTED = encodeCbor(new Map([[1, ES256]]));

export class SignatureError extends CiotsecError {
  readonly code = 'ERR_SIGNATURE';
  override readonly name = 'SignatureError';

  constructor(what: string) {
    super(`${what}: signature does not verify`);
  }
}

/**
 * SIGN(SK)[X0, X1, …] of seed 004 Annex XX as an untagged COSE_Sign1 (RFC 9052 §4.2) over the
 * deterministic CBOR array of the fields (D-032): [protected {1: -7}, unprotected {}, payload, r‖s].
 *
 * @example
 * const atk = signToken(snEcdsaKey, [pkSnEcdhe, uuid, m2, h2, nUe]);
 */
export function signToken(privateKey: KeyObject, fields: readonly unknown[]): Buffer {
  const payload = encodeCbor(fields);
  const sig = ecdsaSign(privateKey, encodeCbor(['Signature1', PROTECTED, new Uint8Array(0), payload]));
  return encodeCbor([PROTECTED, new Map(), payload, sig]);
}

/** The fields of a token without checking its signature (to find the key that checks it). */
export function peekToken(token: Uint8Array, what: string, fields: number): unknown[] {
  const [prot, unprot, payload] = read.array(decodeCbor(token), what, 4);
  if (!Buffer.from(read.bytes(prot, `${what}.protected`)).equals(PROTECTED))
    throw new MessageFormatError(`${what}: algorithm must be ES256`);
  if (!(unprot instanceof Map) || unprot.size !== 0)
    throw new MessageFormatError(`${what}: unprotected header must be empty`);
  return read.array(decodeCbor(read.bytes(payload, `${what}.payload`)), `${what}.payload`, fields);
}

/** VERIFY(CERT.Y)[token]: the fields when the signature verifies under `publicPoint`. */
export function verifyToken(
  curve: CurveName,
  publicPoint: Uint8Array,
  token: Uint8Array,
  what: string,
  fields: number,
): unknown[] {
  const out = peekToken(token, what, fields);
  const [prot, , payload, sig] = read.array(decodeCbor(token), what, 4);
  const tbs = encodeCbor(['Signature1', prot, new Uint8Array(0), payload]);
  if (!ecdsaVerify(curve, publicPoint, tbs, read.bytes(sig, `${what}.signature`, 64, 64)))
    throw new SignatureError(what);
  return out;
}

import { createHash, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { constantTimeEqual } from '../../../crypto/bytes.js';
import { generateEphemeralKeyPair } from '../../../crypto/ecka.js';
import { scalarOf } from '../../../crypto/ecdsa.js';
import type { CurveName } from '../../../crypto/ec-curves.js';
import { decrypt, derive, encrypt, KEY_TYPE, type CipherName } from '../../../crypto/initial-attach-keys.js';
import { CiotsecError } from '../../../errors/base.js';
import { peekToken, verifyToken } from '../../../initial-attach/atk.js';
import { read } from '../../../initial-attach/cbor.js';
import { serializeCx, type CxParameters } from '../../../initial-attach/messages.js';
import { treBinding } from '../../../initial-attach/uuid-ue.js';
import { signToken } from '../../../initial-attach/atk.js';
import {
  CertificateError,
  parseRootCertificate,
  verifyDeviceCertificate,
  type VerifiedCertificate,
} from '../../../pki/device-certificates.js';

/** The UE is not authenticated: TRE credentials that do not check (certificates, ATK, M1/H1, binding). */
export class TreAuthenticationError extends CiotsecError {
  readonly code = 'ERR_TRE_AUTHENTICATION';
  override readonly name = 'TreAuthenticationError';
}

export interface SnDeviceCredentials {
  readonly curve: CurveName;
  /** CERT.CI.ECDSA roots the serving network accepts ("CERT.CI is agreed"; several for multi-CI). */
  readonly certCis: readonly Buffer[];
  readonly ecka: { readonly cert: Buffer; readonly key: KeyObject };
  readonly ecdsa: { readonly cert: Buffer; readonly key: KeyObject };
}

export interface TreCredentialsInput {
  readonly atkTre: Buffer;
  readonly certPn: Buffer;
  readonly certCi: Buffer;
  readonly m1: Buffer;
  readonly h1: Buffer;
}

export interface AuthenticatedTre {
  readonly pkTreEcdhe: Buffer;
  readonly certTre: VerifiedCertificate;
}

const sha16 = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest().subarray(0, 16);

/**
 * Step 6, first half (seed 004 Annex XX "Step 6"), in the seed's order: CERT.CI is one the SN agreed;
 * VERIFY(CERT.CI)[CERT.PN]; KS13 = DERIVE(SK.SN.ECKA)[PK.TRE.ECDHE]; CERT.TRE = DECRYPT(KS13, H1)[M1];
 * VERIFY(CERT.PN)[CERT.TRE]; VERIFY(CERT.TRE)[ATK.TRE]; then the fields of ATK.TRE against the
 * transaction (IsSN, UUID, the SN nonce of step 4) and the racing-attack binding (D-031).
 */
export function authenticateTre(
  c: SnDeviceCredentials,
  cipher: CipherName,
  tx: { uuid: Buffer; nSn: Buffer; treBinding: Buffer | null },
  m: TreCredentialsInput,
  now: Date,
): AuthenticatedTre {
  const ciDer = c.certCis.find((ci) => ci.equals(m.certCi));
  if (ciDer === undefined) throw new CertificateError('CERT.CI is not one this serving network agreed');
  const ci = parseRootCertificate(c.curve, ciDer);
  const pn = verifyDeviceCertificate(c.curve, m.certPn, ci, 'pn', now);
  const peek = peekToken(m.atkTre, 'ATK.TRE', 4);
  const pkTreEcdhe = read.bytes(peek[0], 'PK.TRE.ECDHE', 33, 65);
  const ks13 = derive(c.curve, scalarOf(c.ecka.key), pkTreEcdhe, KEY_TYPE.KS1);
  const certTreDer = decrypt(cipher, ks13, m.m1, m.h1);
  const certTre = verifyDeviceCertificate(c.curve, certTreDer, pn.x509, 'tre', now);
  const f = verifyToken(c.curve, certTre.publicPoint, m.atkTre, 'ATK.TRE', 4);
  const isSn = read.bytes(f[1], 'IsSN', 16, 16);
  const uuid = read.bytes(f[2], 'uuid', 16, 16);
  const nSn = read.bytes(f[3], 'nSn', 16, 16);
  if (!isSn.equals(sha16(c.ecka.cert)))
    throw new TreAuthenticationError('ATK.TRE names another serving network');
  if (!uuid.equals(tx.uuid)) throw new TreAuthenticationError('ATK.TRE carries another UUID_UE');
  if (!constantTimeEqual(nSn, tx.nSn)) throw new TreAuthenticationError('ATK.TRE is not fresh (SN nonce)');
  if (tx.treBinding !== null) {
    const spki = new X509Certificate(certTreDer).publicKey.export({ type: 'spki', format: 'der' });
    if (!constantTimeEqual(treBinding(spki), tx.treBinding))
      throw new TreAuthenticationError('UUID_UE is not bound to this TRE (racing attack check)');
  }
  return { pkTreEcdhe, certTre };
}

/**
 * Step 6, second half: {SK,PK}.SN.ECDHE, KS23 = DERIVE(SK.SN.ECDHE)[ATK.TRE], {M2,H2} =
 * ENCRYPT(KS23)[CX_PARAMETERS], ATK.SN = SIGN(SK.SN.ECDSA)[PK.SN.ECDHE, UUID, M2, H2, nUe].
 */
export function snCredentials(
  c: SnDeviceCredentials,
  cipher: CipherName,
  tx: { uuid: Buffer; nUe: Buffer },
  pkTreEcdhe: Buffer,
  cx: CxParameters,
): { atkSn: Buffer; certSnEcdsa: Buffer } {
  const eph = generateEphemeralKeyPair(c.curve);
  const ks23 = derive(c.curve, eph.privateKey, pkTreEcdhe, KEY_TYPE.KS2);
  const { m: m2, h: h2 } = encrypt(cipher, ks23, serializeCx(cx));
  const atkSn = signToken(c.ecdsa.key, [eph.publicKey, tx.uuid, m2, h2, tx.nUe]);
  return { atkSn, certSnEcdsa: c.ecdsa.cert };
}

/** Connectivity parameters for a new subscriber: a temporary IMSI from the range, random K and OPc. */
export function allocateCx(imsiPrefix: string, digits = 15): CxParameters {
  const rest = digits - imsiPrefix.length;
  const n = BigInt(`0x${randomBytes(8).toString('hex')}`) % 10n ** BigInt(rest);
  return {
    imsi: `${imsiPrefix}${n.toString().padStart(rest, '0')}`,
    k: randomBytes(16),
    opc: randomBytes(16),
    amf: Buffer.from('8000', 'hex'),
  };
}

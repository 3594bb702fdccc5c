import { createHash, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { generateStaticKeyPair } from '../../crypto/ecdsa.js';
import { generateEphemeralKeyPair, type EphemeralKeyPair } from '../../crypto/ecka.js';
import type { CurveName } from '../../crypto/ec-curves.js';
import { decrypt, derive, encrypt, KEY_TYPE, type CipherName } from '../../crypto/initial-attach-keys.js';
import { SecretKey } from '../../crypto/secret-key.js';
import { constantTimeEqual } from '../../crypto/bytes.js';
import { CiotsecError } from '../../errors/base.js';
import {
  issueDeviceCertificate,
  parseRootCertificate,
  verifyDeviceCertificate,
  CertificateError,
} from '../../pki/device-certificates.js';
import { signToken, verifyToken } from '../../initial-attach/atk.js';
import { parseCx } from '../../initial-attach/messages.js';
import { read } from '../../initial-attach/cbor.js';
import { generateTreUuid, treBinding } from '../../initial-attach/uuid-ue.js';

/** The TRE refuses the serving network's answer (wrong transaction, UUID or nonce). */
export class TreAbortError extends CiotsecError {
  readonly code = 'ERR_TRE_ABORT';
  override readonly name = 'TreAbortError';
}

export interface TreManufactureOptions {
  readonly curve: CurveName;
  readonly cipher: CipherName;
  /** CERT.CI.ECDSA (DER). */
  readonly certCi: Buffer;
  /** CERT.PN.ECDSA (DER) and the PN key that issues CERT.TRE.ECDSA at the factory. */
  readonly certPn: Buffer;
  readonly pnPrivateKey: KeyObject;
  /** TRE serial number, at most 48 bits. */
  readonly serial: bigint;
  readonly now?: Date;
}

export interface TreCredentialsOut {
  readonly atkTre: Buffer;
  readonly certPn: Buffer;
  readonly certCi: Buffer;
  readonly m1: Buffer;
  readonly h1: Buffer;
}

export interface Connectivity {
  readonly imsi: string;
  readonly k: SecretKey;
  readonly opc: SecretKey;
  readonly amf: Buffer;
}

/** IsSN of ATK.TRE: the first 16 octets of SHA-256 of CERT.SN.ECKA (D-032). */
export function isSnOf(certSnEcka: Uint8Array): Buffer {
  return createHash('sha256').update(certSnEcka).digest().subarray(0, 16);
}

/**
 * Tamper Resistant Environment simulator (seed 004 Annex XX.2.2.1): holds CERT.CI, CERT.PN, its own
 * key pair and CERT.TRE, and K_TRESI. Its interface returns certificates, tokens and cryptograms only:
 * SK.TRE.ECDSA, SK.TRE.ECDHE and K_TRESI never leave it (private fields, no accessor).
 *
 * @example
 * const tre = TreSimulator.manufacture({ curve, cipher, certCi, certPn, pnPrivateKey, serial: 42n });
 * const out = tre.credentials({ certSnEcka, nSn, uuid, now }); // step 5
 * const cx = tre.connectivity({ atkSn, certSnEcdsa, nUe, now }); // step 8
 */
export class TreSimulator {
  readonly curve: CurveName;
  readonly cipher: CipherName;
  readonly certCi: Buffer;
  readonly certPn: Buffer;
  readonly certTre: Buffer;
  readonly serial: bigint;
  readonly #skEcdsa: KeyObject;
  readonly #kTresi: SecretKey;
  readonly #catv: SecretKey;
  #session: { ephemeral: EphemeralKeyPair; uuid: Buffer; snSubject: string } | undefined;

  private constructor(o: TreManufactureOptions, sk: KeyObject, certTre: Buffer) {
    this.curve = o.curve;
    this.cipher = o.cipher;
    this.certCi = o.certCi;
    this.certPn = o.certPn;
    this.certTre = certTre;
    this.serial = o.serial;
    this.#skEcdsa = sk;
    this.#kTresi = SecretKey.from(randomBytes(16));
    this.#catv = SecretKey.from(randomBytes(4));
  }

  /** Factory: on-board key generation, then CERT.TRE.ECDSA = SIGN(SK.PN.ECDSA)[PK.TRE.ECDSA, SN]. */
  static manufacture(o: TreManufactureOptions): TreSimulator {
    const keys = generateStaticKeyPair(o.curve);
    const certTre = issueDeviceCertificate({
      role: 'tre',
      commonName: 'TRE',
      subjectSerialNumber: o.serial.toString(16).padStart(12, '0'),
      publicKey: keys.publicKey,
      issuer: { certificate: o.certPn, privateKey: o.pnPrivateKey },
      now: o.now ?? new Date(),
    });
    return new TreSimulator(o, keys.privateKey, certTre);
  }

  /** Step 0-a when the UUID is generated in the TRE (D-031). */
  generateUuid(): Buffer {
    return generateTreUuid(this.#kTresi.export(), randomBytes(5), this.#catv.export(), this.serial);
  }

  /** What the SP registers with a TRE-generated UUID so that the serving network can check the binding. */
  binding(): Buffer {
    return treBinding(new X509Certificate(this.certTre).publicKey.export({ type: 'spki', format: 'der' }));
  }

  /** Step 5: verify CERT.SN.ECKA, KS13 = DERIVE(SK.TRE.ECDHE)[CERT.SN.ECKA], {M1,H1}, ATK.TRE. */
  credentials(i: { certSnEcka: Buffer; nSn: Buffer; uuid: Buffer; now: Date }): TreCredentialsOut {
    const ci = parseRootCertificate(this.curve, this.certCi);
    const sn = verifyDeviceCertificate(this.curve, i.certSnEcka, ci, 'snEcka', i.now);
    const ephemeral = generateEphemeralKeyPair(this.curve);
    const ks13 = derive(this.curve, ephemeral.privateKey, sn.publicPoint, KEY_TYPE.KS1);
    const { m: m1, h: h1 } = encrypt(this.cipher, ks13, this.certTre);
    const atkTre = signToken(this.#skEcdsa, [ephemeral.publicKey, isSnOf(i.certSnEcka), i.uuid, i.nSn]);
    this.#session = { ephemeral, uuid: Buffer.from(i.uuid), snSubject: sn.x509.subject };
    return { atkTre, certPn: this.certPn, certCi: this.certCi, m1, h1 };
  }

  /**
   * Step 8: VERIFY(CERT.CI)[CERT.SN.ECDSA], VERIFY(CERT.SN.ECDSA)[ATK.SN], KS23, CX_PARAMETERS =
   * DECRYPT(KS23, H2)[M2]. The ephemeral key is forgotten whatever the outcome (one use).
   */
  connectivity(i: { atkSn: Buffer; certSnEcdsa: Buffer; nUe: Buffer; now: Date }): Connectivity {
    const s = this.#session;
    this.#session = undefined;
    if (s === undefined) throw new TreAbortError('no initial attach in progress');
    const ci = parseRootCertificate(this.curve, this.certCi);
    const sn = verifyDeviceCertificate(this.curve, i.certSnEcdsa, ci, 'snEcdsa', i.now);
    if (sn.x509.subject !== s.snSubject)
      throw new CertificateError('CERT.SN.ECDSA and CERT.SN.ECKA name different serving networks');
    const f = verifyToken(this.curve, sn.publicPoint, i.atkSn, 'ATK.SN', 5);
    const pkSnEcdhe = read.bytes(f[0], 'PK.SN.ECDHE', 33, 65);
    const uuid = read.bytes(f[1], 'uuid', 16, 16);
    const m2 = read.bytes(f[2], 'M2', 1, 4096);
    const h2 = read.bytes(f[3], 'H2', 16, 16);
    const nUe = read.bytes(f[4], 'nUe', 16, 16);
    if (!uuid.equals(s.uuid) || !constantTimeEqual(nUe, i.nUe))
      throw new TreAbortError('ATK.SN is not for this attach (UUID or nonce)');
    const ks23 = derive(this.curve, s.ephemeral.privateKey, pkSnEcdhe, KEY_TYPE.KS2);
    const cx = parseCx(decrypt(this.cipher, ks23, m2, h2));
    return { imsi: cx.imsi, k: SecretKey.from(cx.k), opc: SecretKey.from(cx.opc), amf: cx.amf };
  }
}

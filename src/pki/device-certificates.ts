import { randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { AsnParser, AsnSerializer, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import { CiotsecError } from '../errors/base.js';
import { pointFromPublicKey } from '../crypto/ecdsa.js';
import type { CurveName } from '../crypto/ec-curves.js';

/** RFC 5758 §3.2 ecdsa-with-SHA256 (parameters absent). */
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const OID = { CN: '2.5.4.3', O: '2.5.4.10', serialNumber: '2.5.4.5' } as const;

/** A certificate that does not verify under the expected issuer, is out of date or has a wrong form. */
export class CertificateError extends CiotsecError {
  readonly code = 'ERR_CERTIFICATE';
  override readonly name = 'CertificateError';
}

export const CERT_ROLE = {
  /** Certificate Issuer root (CERT.CI.ECDSA). */
  ci: { ca: true, usage: KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign },
  /** Part Number of the TRE maker (CERT.PN.ECDSA), a CA for TRE certificates. */
  pn: { ca: true, usage: KeyUsageFlags.keyCertSign },
  /** A TRE's long-term signing key (CERT.TRE.ECDSA). */
  tre: { ca: false, usage: KeyUsageFlags.digitalSignature },
  /** Serving network signing key (CERT.SN.ECDSA). */
  snEcdsa: { ca: false, usage: KeyUsageFlags.digitalSignature },
  /** Serving network static key-agreement key (CERT.SN.ECKA). */
  snEcka: { ca: false, usage: KeyUsageFlags.keyAgreement },
} as const;
export type CertRole = keyof typeof CERT_ROLE;

export interface IssueDeviceCertOptions {
  readonly role: CertRole;
  readonly commonName: string;
  /** X.520 serialNumber attribute of the subject (the TRE serial number for CERT.TRE). */
  readonly subjectSerialNumber?: string;
  readonly publicKey: KeyObject;
  /** The issuer's certificate (DER) and key; absent for the self-signed CI root. */
  readonly issuer?: { readonly certificate: Buffer; readonly privateKey: KeyObject };
  /** Self-signed: the subject's own private key. */
  readonly selfKey?: KeyObject;
  readonly now: Date;
  readonly validDays?: number;
}

function name(cn: string, serialNumber?: string): Name {
  const rdn = (type: string, v: string): RelativeDistinguishedName =>
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({
        type,
        value:
          type === OID.serialNumber
            ? new AttributeValue({ printableString: v })
            : new AttributeValue({ utf8String: v }),
      }),
    ]);
  return new Name([
    rdn(OID.O, 'ciotsec'),
    rdn(OID.CN, cn),
    ...(serialNumber !== undefined ? [rdn(OID.serialNumber, serialNumber)] : []),
  ]);
}

function extension(extnID: string, value: object): Extension {
  return new Extension({
    extnID,
    critical: true,
    extnValue: new OctetString(AsnSerializer.serialize(value)),
  });
}

/**
 * Issues an X.509 v3 certificate (DER) of the seed 004 PKI — CI → PN → TRE and CI → SN (Annex XX.2.2.1)
 * — signed with ECDSA-SHA-256 by node:crypto, so that brainpoolP256r1 works as well as P-256 (the
 * WebCrypto-based issuer in ca.ts cannot). The TBSCertificate is built with @peculiar/asn1-x509.
 *
 * @example
 * const ci = issueDeviceCertificate({ role: 'ci', commonName: 'CI', publicKey, selfKey: privateKey, now });
 */
export function issueDeviceCertificate(o: IssueDeviceCertOptions): Buffer {
  const role = CERT_ROLE[o.role];
  const signingKey = o.issuer?.privateKey ?? o.selfKey;
  if (signingKey === undefined) throw new CertificateError('an issuer key or selfKey is required');
  const subject = name(o.commonName, o.subjectSerialNumber);
  const issuerName =
    o.issuer !== undefined
      ? AsnParser.parse(o.issuer.certificate, Certificate).tbsCertificate.subject
      : subject;
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  serial[0]! |= 0x01;
  const sigAlg = new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array(serial).buffer,
    signature: sigAlg,
    issuer: issuerName,
    validity: new Validity({
      notBefore: new Date(o.now.getTime() - 60_000),
      notAfter: new Date(o.now.getTime() + (o.validDays ?? 3650) * 86_400_000),
    }),
    subject,
    subjectPublicKeyInfo: AsnParser.parse(
      o.publicKey.export({ type: 'spki', format: 'der' }),
      SubjectPublicKeyInfo,
    ),
    extensions: new Extensions([
      extension(id_ce_basicConstraints, new BasicConstraints({ cA: role.ca })),
      extension(id_ce_keyUsage, new KeyUsage(role.usage)),
    ]),
  });
  const tbsDer = Buffer.from(AsnSerializer.serialize(tbs));
  const signature = sign('sha256', tbsDer, { key: signingKey, dsaEncoding: 'der' });
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: sigAlg,
    signatureValue: new Uint8Array(signature).buffer,
  });
  return Buffer.from(AsnSerializer.serialize(cert));
}

export interface VerifiedCertificate {
  readonly der: Buffer;
  readonly x509: X509Certificate;
  /** The subject public key as an uncompressed point of the configured curve. */
  readonly publicPoint: Buffer;
  readonly publicKey: KeyObject;
  readonly subjectSerialNumber: string | undefined;
}

/**
 * VERIFY(CERT.Y)[CERT.X] of seed 004 Annex XX: `der` parses, names `issuer` as its issuer, verifies
 * under the issuer's key, is within its validity at `now`, carries a key of `curve` (D-030), and has
 * the basic constraints and key usage of `role`; the issuer must be a CA. Throws ERR_CERTIFICATE.
 */
export function verifyDeviceCertificate(
  curve: CurveName,
  der: Uint8Array,
  issuer: X509Certificate,
  role: CertRole,
  now: Date,
): VerifiedCertificate {
  let x: X509Certificate;
  try {
    x = new X509Certificate(Buffer.from(der));
  } catch (err) {
    throw new CertificateError('not an X.509 certificate', { cause: err });
  }
  if (!issuer.ca) throw new CertificateError('issuer is not a CA');
  if (!x.checkIssued(issuer) || !x.verify(issuer.publicKey))
    throw new CertificateError(`certificate '${x.subject}' is not issued by '${issuer.subject}'`);
  const t = now.getTime();
  if (t < Date.parse(x.validFrom) || t > Date.parse(x.validTo))
    throw new CertificateError('certificate outside its validity period');
  const expected = CERT_ROLE[role];
  if (x.ca !== expected.ca) throw new CertificateError(`certificate is not a ${role} certificate`);
  const ku = AsnParser.parse(Buffer.from(der), Certificate).tbsCertificate.extensions?.find(
    (e) => e.extnID === id_ce_keyUsage,
  );
  const usage = ku === undefined ? 0 : AsnParser.parse(ku.extnValue, KeyUsage).toNumber();
  if ((usage & expected.usage) !== expected.usage)
    throw new CertificateError(`certificate key usage does not allow the ${role} role`);
  let publicPoint: Buffer;
  try {
    publicPoint = pointFromPublicKey(curve, x.publicKey);
  } catch (err) {
    throw new CertificateError(`certificate key is not a ${curve} key`, { cause: err });
  }
  const sn = /(?:^|\n)serialNumber=([^\n]+)/.exec(x.subject)?.[1];
  return { der: Buffer.from(der), x509: x, publicPoint, publicKey: x.publicKey, subjectSerialNumber: sn };
}

/** Parses a self-signed CI root certificate that must be a CA on `curve`. */
export function parseRootCertificate(curve: CurveName, der: Uint8Array): X509Certificate {
  const x = new X509Certificate(Buffer.from(der));
  if (!x.ca || !x.checkIssued(x) || !x.verify(x.publicKey))
    throw new CertificateError('not a self-signed CA');
  pointFromPublicKey(curve, x.publicKey);
  return x;
}

import { randomBytes, webcrypto, X509Certificate } from 'node:crypto';
import { CiotsecError } from '../errors/base.js';
import { x509 } from './x509.js';
import type { PemPair } from './ca.js';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** A PKCS#10 request that does not parse, is not ECDSA P-256, or whose self-signature fails. */
export class CsrError extends CiotsecError {
  readonly code = 'ERR_CSR_INVALID';
  override readonly name = 'CsrError';
}

/** A P-256 key pair and a PKCS#10 CSR over it (RFC 2986), signed with the new private key. */
export async function createCsr(subject: string): Promise<{ csrPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: subject,
    keys,
    signingAlgorithm: ALG,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END PRIVATE KEY-----\n`;
  return { csrPem: csr.toString('pem'), keyPem };
}

/**
 * Parses a PKCS#10 CSR and checks its self-signature (proof of possession of the private key) and that
 * the key is ECDSA P-256. Returns the request; throws CsrError otherwise.
 */
export async function verifyCsr(csrPem: string): Promise<x509.Pkcs10CertificateRequest> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch (cause) {
    throw new CsrError('the CSR is not a PKCS#10 request', { cause });
  }
  const alg = csr.publicKey.algorithm as { name?: string; namedCurve?: string };
  if (alg.name !== 'ECDSA' || alg.namedCurve !== 'P-256')
    throw new CsrError('the CSR key must be ECDSA P-256');
  let ok = false;
  try {
    ok = await csr.verify();
  } catch {
    ok = false;
  }
  if (!ok) throw new CsrError('the CSR signature does not verify');
  return csr;
}

export interface CsrIssueOptions {
  readonly subject: string;
  readonly sanUris: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * Issues an end-entity certificate (TLS client and server) for the public key of a verified CSR, signed
 * by `ca`. The subject and SAN come from the issuer's decision, never from the CSR.
 */
export async function issueFromCsr(
  ca: PemPair,
  csr: x509.Pkcs10CertificateRequest,
  o: CsrIssueOptions,
): Promise<{ certPem: string; serial: string }> {
  const caCert = new x509.X509Certificate(ca.certPem);
  const caKey = await webcrypto.subtle.importKey(
    'pkcs8',
    Buffer.from(ca.keyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64'),
    ALG,
    false,
    ['sign'],
  );
  const s = randomBytes(16);
  s[0] = (s[0]! & 0x3f) | 0x40; // positive, first nibble non-zero: every parser prints it alike
  const publicKey = await csr.publicKey.export(ALG, ['verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: s.toString('hex'),
    subject: o.subject,
    issuer: caCert.subject,
    notBefore: o.notBefore,
    notAfter: o.notAfter,
    signingAlgorithm: ALG,
    publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([
        x509.ExtendedKeyUsage.clientAuth,
        x509.ExtendedKeyUsage.serverAuth,
      ]),
      new x509.SubjectAlternativeNameExtension(o.sanUris.map((value) => ({ type: 'url' as const, value }))),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  const certPem = cert.toString('pem');
  if (!new X509Certificate(certPem).verify(new X509Certificate(ca.certPem).publicKey)) {
    throw new Error('issued certificate does not verify under its CA');
  }
  return { certPem, serial: new X509Certificate(certPem).serialNumber.toUpperCase() };
}

import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import { x509 } from '../../pki/x509.js';

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** A PKCS#10 CSR signed with an existing P-256 private key (PEM). */
export async function csrWithKey(keyPem: string, subject: string): Promise<string> {
  const priv = createPrivateKey(keyPem);
  const privateKey = await webcrypto.subtle.importKey(
    'pkcs8',
    priv.export({ type: 'pkcs8', format: 'der' }),
    ALG,
    false,
    ['sign'],
  );
  const publicKey = await webcrypto.subtle.importKey(
    'spki',
    createPublicKey(priv).export({ type: 'spki', format: 'der' }),
    ALG,
    true,
    ['verify'],
  );
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: subject,
    keys: { privateKey, publicKey },
    signingAlgorithm: ALG,
  });
  return csr.toString('pem');
}

import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { generateStaticKeyPair } from '../crypto/ecdsa.js';
import type { CurveName } from '../crypto/ec-curves.js';
import { issueDeviceCertificate } from './device-certificates.js';

export interface CertAndKey {
  readonly cert: Buffer;
  readonly key: KeyObject;
}

/** The seed 004 PKI (Annex XX.2.2.1): CI root, a PN of the TRE maker, and the SN's two certificates. */
export interface DevicePki {
  readonly curve: CurveName;
  readonly ci: CertAndKey;
  readonly pn: CertAndKey;
  readonly snEcka: CertAndKey;
  readonly snEcdsa: CertAndKey;
}

const NAMES = ['ci', 'pn', 'snEcka', 'snEcdsa'] as const;

/** Creates CI → PN and CI → SN (ECKA and ECDSA) on `curve`. */
export function createDevicePki(curve: CurveName, now = new Date(), snName = 'serving-network'): DevicePki {
  const ciK = generateStaticKeyPair(curve);
  const ci = issueDeviceCertificate({
    role: 'ci',
    commonName: 'ciotsec CI',
    publicKey: ciK.publicKey,
    selfKey: ciK.privateKey,
    now,
  });
  const issuer = { certificate: ci, privateKey: ciK.privateKey };
  const make = (role: 'pn' | 'snEcka' | 'snEcdsa', cn: string): CertAndKey => {
    const k = generateStaticKeyPair(curve);
    return {
      cert: issueDeviceCertificate({ role, commonName: cn, publicKey: k.publicKey, issuer, now }),
      key: k.privateKey,
    };
  };
  return {
    curve,
    ci: { cert: ci, key: ciK.privateKey },
    pn: make('pn', 'ciotsec TRE PN-0001'),
    snEcka: make('snEcka', snName),
    snEcdsa: make('snEcdsa', snName),
  };
}

function pem(label: string, der: Buffer): string {
  return `-----BEGIN ${label}-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd()}\n-----END ${label}-----\n`;
}

/** Writes `<dir>/<name>.crt|.key` (PEM; keys mode 0600) and `curve`. */
export function writeDevicePki(dir: string, p: DevicePki): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'curve'), `${p.curve}\n`);
  for (const n of NAMES) {
    writeFileSync(join(dir, `${n}.crt`), pem('CERTIFICATE', p[n].cert));
    const kp = join(dir, `${n}.key`);
    writeFileSync(kp, p[n].key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    chmodSync(kp, 0o600);
  }
}

export function devicePkiExists(dir: string): boolean {
  return existsSync(join(dir, 'curve'));
}

export function loadDevicePki(dir: string): DevicePki {
  const curve = readFileSync(join(dir, 'curve'), 'utf8').trim() as CurveName;
  const one = (n: (typeof NAMES)[number]): CertAndKey => ({
    cert: Buffer.from(new X509Certificate(readFileSync(join(dir, `${n}.crt`))).raw),
    key: createPrivateKey(readFileSync(join(dir, `${n}.key`))),
  });
  return { curve, ci: one('ci'), pn: one('pn'), snEcka: one('snEcka'), snEcdsa: one('snEcdsa') };
}

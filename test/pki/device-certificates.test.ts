import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { generateStaticKeyPair } from '../../src/crypto/ecdsa.js';
import {
  issueDeviceCertificate,
  parseRootCertificate,
  verifyDeviceCertificate,
} from '../../src/pki/device-certificates.js';

const now = new Date();

for (const curve of ['P-256', 'brainpoolP256r1'] as const) {
  test(`CI → PN → TRE and CI → SN chains verify on ${curve}; a foreign CI does not`, () => {
    const ciKeys = generateStaticKeyPair(curve);
    const ci = issueDeviceCertificate({
      role: 'ci',
      commonName: 'CI',
      publicKey: ciKeys.publicKey,
      selfKey: ciKeys.privateKey,
      now,
    });
    const ciX = parseRootCertificate(curve, ci);
    const pnKeys = generateStaticKeyPair(curve);
    const pn = issueDeviceCertificate({
      role: 'pn',
      commonName: 'PN-1',
      publicKey: pnKeys.publicKey,
      issuer: { certificate: ci, privateKey: ciKeys.privateKey },
      now,
    });
    const pnV = verifyDeviceCertificate(curve, pn, ciX, 'pn', now);
    const treKeys = generateStaticKeyPair(curve);
    const tre = issueDeviceCertificate({
      role: 'tre',
      commonName: 'TRE',
      subjectSerialNumber: '00A1B2C3D4E5',
      publicKey: treKeys.publicKey,
      issuer: { certificate: pn, privateKey: pnKeys.privateKey },
      now,
    });
    const treV = verifyDeviceCertificate(curve, tre, pnV.x509, 'tre', now);
    assert.equal(treV.subjectSerialNumber, '00A1B2C3D4E5');
    assert.equal(treV.publicPoint.length, 65);
    // openssl (through node) parses our DER
    assert.match(new X509Certificate(tre).subject, /CN=TRE/);

    const otherKeys = generateStaticKeyPair(curve);
    const other = issueDeviceCertificate({
      role: 'ci',
      commonName: 'CI',
      publicKey: otherKeys.publicKey,
      selfKey: otherKeys.privateKey,
      now,
    });
    const snKeys = generateStaticKeyPair(curve);
    const sn = issueDeviceCertificate({
      role: 'snEcka',
      commonName: 'SN',
      publicKey: snKeys.publicKey,
      issuer: { certificate: other, privateKey: otherKeys.privateKey },
      now,
    });
    assert.throws(() => verifyDeviceCertificate(curve, sn, ciX, 'snEcka', now), { code: 'ERR_CERTIFICATE' });
    // wrong role (a TRE certificate is no CA) and expiry
    assert.throws(() => verifyDeviceCertificate(curve, tre, pnV.x509, 'pn', now), {
      code: 'ERR_CERTIFICATE',
    });
    const later = new Date(now.getTime() + 4000 * 86_400_000);
    assert.throws(() => verifyDeviceCertificate(curve, tre, pnV.x509, 'tre', later), {
      code: 'ERR_CERTIFICATE',
    });
    // a key of the other curve is refused
    const otherCurve = curve === 'P-256' ? 'brainpoolP256r1' : 'P-256';
    assert.throws(() => verifyDeviceCertificate(otherCurve, pn, ciX, 'pn', now), { code: 'ERR_CERTIFICATE' });
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ecka, generateEphemeralKeyPair, publicPointOf, validatePublicPoint } from '../../src/crypto/ecka.js';
import type { CurveName } from '../../src/crypto/ec-curves.js';
import { hex, loadVectors } from '../helpers/repo.js';

interface WycheproofEcdh {
  tc_id: number;
  comment: string;
  flags: string[];
  public_point: string;
  private: string;
  shared: string;
  result: 'valid' | 'invalid' | 'acceptable';
}

for (const [file, curve] of [
  ['wycheproof/ecdh_secp256r1_ecpoint.json', 'P-256'],
  ['wycheproof/ecdh_brainpoolP256r1.json', 'brainpoolP256r1'],
] as const) {
  test(`Wycheproof ECDH ${curve}: every case (${file})`, () => {
    const { vectors } = loadVectors<WycheproofEcdh>(file);
    const counts = { valid: 0, invalid: 0, acceptable: 0 };
    for (const v of vectors) {
      const run = (): string => ecka(curve, hex(v.private), hex(v.public_point)).export().toString('hex');
      switch (v.result) {
        case 'valid':
          assert.equal(run(), v.shared, `tcId ${v.tc_id} ${v.comment}`);
          break;
        case 'invalid':
          assert.throws(run, { code: /^ERR_INVALID_(PUBLIC_KEY|INPUT)$/ }, `tcId ${v.tc_id} ${v.comment}`);
          break;
        case 'acceptable': {
          // acceptable: compressed points; when accepted, the result must still be right
          let out: string | undefined;
          try {
            out = run();
          } catch {
            out = undefined;
          }
          if (out !== undefined) assert.equal(out, v.shared, `tcId ${v.tc_id}`);
          break;
        }
        default:
          throw new Error(`unknown result ${String((v as { result: unknown }).result)}`);
      }
      counts[v.result]++;
    }
    assert.ok(counts.valid > 100 && counts.invalid >= 20, JSON.stringify(counts));
    // the invalid-curve attack cases are among those refused
    assert.ok(vectors.some((v) => v.flags.includes('InvalidCurveAttack') && v.result === 'invalid'));
  });
}

test('NIST CAVS ECC CDH P-256: QIUT = dIUT·G and Z = x(dIUT·QCAVS)', () => {
  for (const v of loadVectors<Record<string, string>>('nist-cavs/ecc-cdh-p256.json').vectors) {
    const q = Buffer.concat([Buffer.of(4), hex(v['qcavs_x']), hex(v['qcavs_y'])]);
    assert.equal(publicPointOf('P-256', hex(v['d_iut'])).toString('hex'), `04${v['qiut_x']}${v['qiut_y']}`);
    assert.equal(ecka('P-256', hex(v['d_iut']), q).export().toString('hex'), v['z_iut']);
  }
});

test('RFC 7027 A.1 brainpoolP256r1: both sides agree on x(Z)', () => {
  for (const v of loadVectors<Record<string, string>>('rfc7027/ecdh-brainpoolp256r1.json').vectors) {
    const qa = Buffer.concat([Buffer.of(4), hex(v['x_qa']), hex(v['y_qa'])]);
    const qb = Buffer.concat([Buffer.of(4), hex(v['x_qb']), hex(v['y_qb'])]);
    assert.deepEqual(publicPointOf('brainpoolP256r1', hex(v['d_a'])), qa);
    assert.deepEqual(publicPointOf('brainpoolP256r1', hex(v['d_b'])), qb);
    assert.deepEqual(ecka('brainpoolP256r1', hex(v['d_a']), qb).export(), hex(v['x_z']));
    assert.deepEqual(ecka('brainpoolP256r1', hex(v['d_b']), qa).export(), hex(v['x_z']));
  }
});

test('a point of the other curve, infinity and malformed encodings are refused', () => {
  const curves: CurveName[] = ['P-256', 'brainpoolP256r1'];
  for (const curve of curves) {
    const other = curves.find((c) => c !== curve)!;
    const foreign = generateEphemeralKeyPair(other).publicKey;
    assert.throws(() => validatePublicPoint(curve, foreign), { code: 'ERR_INVALID_PUBLIC_KEY' });
    assert.throws(() => validatePublicPoint(curve, Buffer.of(0)), { code: 'ERR_INVALID_PUBLIC_KEY' });
    assert.throws(() => validatePublicPoint(curve, Buffer.alloc(65)), { code: 'ERR_INVALID_PUBLIC_KEY' });
    const own = generateEphemeralKeyPair(curve);
    const peer = generateEphemeralKeyPair(curve);
    assert.deepEqual(
      ecka(curve, own.privateKey, peer.publicKey).export(),
      ecka(curve, peer.privateKey, own.publicKey).export(),
    );
    assert.match(`${own.privateKey}`, /^SecretKey\(fp=/);
  }
});

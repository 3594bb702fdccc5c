import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ecdsaSign,
  ecdsaVerify,
  generateStaticKeyPair,
  pointFromPublicKey,
  scalarOf,
} from '../../src/crypto/ecdsa.js';
import { publicPointOf } from '../../src/crypto/ecka.js';
import { hex, loadVectors } from '../helpers/repo.js';

interface WycheproofEcdsa {
  tc_id: number;
  comment: string;
  public_point: string;
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
}

for (const [file, curve] of [
  ['wycheproof/ecdsa_secp256r1_sha256_p1363.json', 'P-256'],
  ['wycheproof/ecdsa_brainpoolP256r1_sha256_p1363.json', 'brainpoolP256r1'],
] as const) {
  test(`Wycheproof ECDSA SHA-256 ${curve} (P1363): every case`, () => {
    const { vectors } = loadVectors<WycheproofEcdsa>(file);
    let valid = 0;
    let invalid = 0;
    for (const v of vectors) {
      const ok = ecdsaVerify(curve, hex(v.public_point), hex(v.msg), hex(v.sig));
      if (v.result === 'valid') {
        assert.equal(ok, true, `tcId ${v.tc_id} ${v.comment}`);
        valid++;
      } else if (v.result === 'invalid') {
        assert.equal(ok, false, `tcId ${v.tc_id} ${v.comment}`);
        invalid++;
      } else throw new Error(`unexpected result ${v.result} in tcId ${v.tc_id}`);
    }
    assert.ok(valid > 50 && invalid > 50);
  });
}

test('sign/verify round trip on both curves; the scalar matches the public key', () => {
  for (const curve of ['P-256', 'brainpoolP256r1'] as const) {
    const { privateKey, publicKey } = generateStaticKeyPair(curve);
    const point = pointFromPublicKey(curve, publicKey);
    assert.deepEqual(publicPointOf(curve, scalarOf(privateKey)), point);
    const sig = ecdsaSign(privateKey, Buffer.from('tbs'));
    assert.equal(sig.length, 64);
    assert.equal(ecdsaVerify(curve, point, Buffer.from('tbs'), sig), true);
    assert.equal(ecdsaVerify(curve, point, Buffer.from('tbS'), sig), false);
  }
});

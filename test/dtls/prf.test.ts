import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prf, pskPremasterSecret } from '../../src/dtls/index.js';
import { hex, loadVectors } from '../helpers/repo.js';

interface PrfVector {
  name: string;
  secret: string;
  label: string;
  seed: string;
  output: string;
}

const file = loadVectors<PrfVector>('tls12-prf/prf-sha256.json');

for (const v of file.vectors) {
  test(`TLS 1.2 PRF SHA-256 known answer: ${v.name}`, () => {
    const out = hex(v.output);
    assert.equal(prf(hex(v.secret), v.label, hex(v.seed), out.length).toString('hex'), out.toString('hex'));
  });
}

test('TLS 1.2 PRF: a shorter output is a prefix of a longer one', () => {
  const a = prf(Buffer.from('k'), 'l', Buffer.from('s'), 100);
  assert.deepEqual(prf(Buffer.from('k'), 'l', Buffer.from('s'), 33), a.subarray(0, 33));
});

test('RFC 4279 §2: PSK premaster secret is N ‖ zeros(N) ‖ N ‖ psk', () => {
  assert.equal(
    pskPremasterSecret(Buffer.from('abcd', 'hex')).toString('hex'),
    '0002' + '0000' + '0002' + 'abcd',
  );
});

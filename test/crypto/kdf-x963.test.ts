import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kdf128, x963Kdf } from '../../src/crypto/kdf-x963.js';
import { hex, loadVectors } from '../helpers/repo.js';

interface X963Vector {
  count: number;
  z: string;
  shared_info: string;
  key_data_length_bits: number;
  key_data: string;
}

const file = loadVectors<X963Vector>('nist-cavs/x963-sha256.json');

test('NIST CAVS X9.63 SHA-256: cases with and without SharedInfo, 128- and 1024-bit outputs', () => {
  assert.ok(
    file.vectors.some((v) => v.shared_info === ''),
    'a case without SharedInfo',
  );
  assert.ok(
    file.vectors.some((v) => v.shared_info !== ''),
    'a case with SharedInfo',
  );
  assert.ok(file.vectors.some((v) => v.key_data_length_bits === 128));
  assert.ok(file.vectors.some((v) => v.key_data_length_bits === 1024));
});

file.vectors.forEach((v, i) => {
  test(`NIST CAVS X9.63 SHA-256 #${i} (COUNT=${v.count}, |SI|=${v.shared_info.length / 2}, ${v.key_data_length_bits} bits)`, () => {
    const out = x963Kdf(hex(v.z), hex(v.shared_info), v.key_data_length_bits / 8);
    assert.equal(out.toString('hex'), hex(v.key_data).toString('hex'));
  });
});

test('KDF-128 splits the X9.63 output into 16-octet keys (seed 004 Annex)', () => {
  const z = Buffer.alloc(32, 1);
  const si = Buffer.from('101089', 'hex');
  const ks = kdf128(z, si, 3);
  assert.equal(ks.length, 3);
  assert.deepEqual(Buffer.concat(ks), x963Kdf(z, si, 48));
  for (const k of ks) assert.equal(k.length, 16);
});

test('a length that is not a whole number is refused', () => {
  assert.throws(() => x963Kdf(Buffer.alloc(1), Buffer.alloc(0), 1.5), {
    code: 'ERR_INVALID_INPUT',
    field: 'length',
  });
  assert.equal(x963Kdf(Buffer.alloc(1), Buffer.alloc(0), 0).length, 0);
});

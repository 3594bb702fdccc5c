import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hmacSha256, kdf, kdfInput } from '../../src/crypto/kdf-3gpp.js';
import { hex, loadVectors } from '../helpers/repo.js';

interface HmacVector {
  case: number;
  key: string;
  data: string;
  output: string;
  truncate_bytes?: number;
}

const rfc4231 = loadVectors<HmacVector>('rfc4231/hmac-sha256.json');

test('RFC 4231 holds test cases 1-7', () => {
  assert.deepEqual(
    rfc4231.vectors.map((v) => v.case).sort((a, b) => a - b),
    [1, 2, 3, 4, 5, 6, 7],
  );
});

for (const v of rfc4231.vectors) {
  test(`RFC 4231 test case ${v.case}: HMAC-SHA-256`, () => {
    const mac = hmacSha256(hex(v.key), hex(v.data));
    const expected = hex(v.output);
    const n = v.truncate_bytes ?? 32;
    assert.equal(expected.length, n, 'vector length matches its truncation');
    assert.equal(mac.subarray(0, n).toString('hex'), expected.toString('hex'));
  });
}

test('TS 33.220 B.2.2: S = FC || P0 || L0 || ... with two-octet lengths', () => {
  const s = kdfInput(0x10, [Buffer.from('00f110', 'hex'), Buffer.from('aabbccddeeff', 'hex')]);
  assert.equal(s.toString('hex'), '10' + '00f110' + '0003' + 'aabbccddeeff' + '0006');
});

test('TS 33.220 B.2.2: empty parameters encode as L = 0x0000; no parameters is FC alone', () => {
  assert.equal(kdfInput(0x6c, [Buffer.alloc(0)]).toString('hex'), '6c0000');
  assert.equal(kdfInput(0x6c, [Buffer.alloc(0), Buffer.from([1])]).toString('hex'), '6c0000010001');
  assert.equal(kdfInput(0x20, []).toString('hex'), '20');
});

test('TS 33.220 B.2.2: one- and two-octet FC, as numbers or bytes', () => {
  assert.equal(kdfInput(0xffe0, [Buffer.from('ab', 'hex')]).toString('hex'), 'ffe0ab0001');
  assert.equal(kdfInput(Uint8Array.of(0xff, 0x01), []).toString('hex'), 'ff01');
  assert.equal(kdfInput(Uint8Array.of(0x05), []).toString('hex'), '05');
  assert.throws(() => kdfInput(Uint8Array.of(1, 2, 3), []), { code: 'ERR_INVALID_INPUT', field: 'fc' });
  assert.throws(() => kdfInput(0x10000, []), { code: 'ERR_INVALID_INPUT', field: 'fc' });
  assert.throws(() => kdfInput(0x10, [Buffer.alloc(65536)]), { code: 'ERR_INVALID_INPUT' });
});

test('kdf is HMAC-SHA-256 over S and distinguishes parameter boundaries', () => {
  const key = Buffer.alloc(32, 7);
  assert.deepEqual(
    kdf(key, 0x10, [Buffer.from('ab', 'hex')]),
    hmacSha256(key, Buffer.from('10ab0001', 'hex')),
  );
  // "ab"+"cd" and "abcd" differ because the lengths are part of S.
  assert.notDeepEqual(
    kdf(key, 1, [Buffer.from('ab', 'hex'), Buffer.from('cd', 'hex')]),
    kdf(key, 1, [Buffer.from('abcd', 'hex')]),
  );
});

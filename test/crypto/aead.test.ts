import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import {
  aes128CbcRaw,
  decryptCbcHmac,
  encryptCbcHmac,
  padFF,
  unpadFF,
} from '../../src/crypto/aead-cbc-hmac.js';
import { decryptGcm, encryptGcm } from '../../src/crypto/aead-gcm.js';
import { deriveSessionKeys, derive, KEY_TYPE, sharedInfo } from '../../src/crypto/initial-attach-keys.js';
import { x963Kdf } from '../../src/crypto/kdf-x963.js';
import { SecretKey } from '../../src/crypto/secret-key.js';
import { generateEphemeralKeyPair } from '../../src/crypto/ecka.js';
import { hex, loadVectors } from '../helpers/repo.js';

test('SP 800-38A F.2.1/F.2.2 CBC-AES128 encrypt and decrypt', () => {
  for (const v of loadVectors<Record<string, string>>('sp800-38a/cbc-aes128.json').vectors) {
    const [key, iv, pt, ct] = [hex(v['key']), hex(v['iv']), hex(v['plaintext']), hex(v['ciphertext'])];
    assert.deepEqual(aes128CbcRaw(key, iv, pt), ct);
    assert.deepEqual(aes128CbcRaw(key, iv, ct, true), pt);
  }
});

test('RFC 4231 HMAC-SHA-256 (the H_CHECK primitive), all cases', () => {
  const file = loadVectors<Record<string, string | number>>('rfc4231/hmac-sha256.json');
  for (const v of file.vectors) {
    const mac = createHmac('sha256', hex(v['key'] as string))
      .update(hex(v['data'] as string))
      .digest();
    const expected = hex(v['output'] as string);
    assert.deepEqual(mac.subarray(0, expected.length), expected);
  }
});

test("'FF' padding is unambiguous: messages ending in FF, empty and block-aligned ones round-trip", () => {
  for (const m of [Buffer.alloc(0), Buffer.alloc(14, 0xff), Buffer.alloc(16, 0xff), Buffer.from('abc')]) {
    const src = padFF(m);
    assert.equal(src.length % 16, 0);
    assert.deepEqual(unpadFF(src), m);
  }
  assert.equal(padFF(Buffer.alloc(14)).length, 16); // L + 14 fills one block: no FF octet
  const bad = padFF(Buffer.from('abc'));
  bad[10] = 0xfe;
  assert.throws(() => unpadFF(bad), { code: 'ERR_INTEGRITY_CHECK' });
  const long = padFF(Buffer.from('abc'));
  long.writeUInt16BE(40, 0);
  assert.throws(() => unpadFF(long), { code: 'ERR_INTEGRITY_CHECK' });
});

test('KDF-128 with SI = KEY_TYPE ‖ 10 ‖ 89 gives KS[1..3]', () => {
  const z = randomBytes(32);
  assert.deepEqual(sharedInfo(KEY_TYPE.KS1), Buffer.from('101089', 'hex'));
  assert.deepEqual(sharedInfo(KEY_TYPE.KS2), Buffer.from('301089', 'hex'));
  const ks = deriveSessionKeys(SecretKey.from(z), KEY_TYPE.KS2);
  assert.deepEqual(
    Buffer.concat(ks.map((k) => Buffer.from(k))),
    x963Kdf(z, Buffer.from('301089', 'hex'), 48),
  );
});

for (const [name, enc, dec] of [
  ['CBC-AES-128 + HMAC-SHA-256', encryptCbcHmac, decryptCbcHmac],
  ['AES-128-GCM', encryptGcm, decryptGcm],
] as const) {
  test(`${name}: round trip between two ECKA sides; any changed bit of M or H fails the same way`, () => {
    const a = generateEphemeralKeyPair('brainpoolP256r1');
    const b = generateEphemeralKeyPair('brainpoolP256r1');
    const ksA = derive('brainpoolP256r1', a.privateKey, b.publicKey, KEY_TYPE.KS1);
    const ksB = derive('brainpoolP256r1', b.privateKey, a.publicKey, KEY_TYPE.KS1);
    const msg = randomBytes(100);
    const { m, h } = enc(ksA, msg);
    assert.deepEqual(dec(ksB, m, h), msg);
    for (let bit = 0; bit < m.length * 8; bit += 37) {
      const m2 = Buffer.from(m);
      m2[bit >> 3]! ^= 1 << (bit & 7);
      assert.throws(() => dec(ksB, m2, h), { code: 'ERR_INTEGRITY_CHECK' });
    }
    const h2 = Buffer.from(h);
    h2[0]! ^= 0x80;
    assert.throws(() => dec(ksB, m, h2), { code: 'ERR_INTEGRITY_CHECK' });
    assert.throws(() => dec(ksB, m.subarray(0, 16), h), { code: 'ERR_INTEGRITY_CHECK' });
  });
}

test('GCM spec test cases 1–3 through encryptGcm/decryptGcm (nonce = first 96 bits of KS[2])', () => {
  for (const v of loadVectors<Record<string, string>>('gcm-spec/aes128-gcm.json').vectors) {
    const ks = [
      hex(v['key']),
      Buffer.concat([hex(v['iv']), Buffer.from('a5a5a5a5', 'hex')]),
      randomBytes(16),
    ] as const;
    const { m, h } = encryptGcm(ks, hex(v['plaintext']));
    assert.deepEqual(m, hex(v['ciphertext']));
    assert.deepEqual(h, hex(v['tag']));
    assert.deepEqual(decryptGcm(ks, m, h), hex(v['plaintext']));
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_APP_KEY_KDF,
  computeCkIkPrime,
  computeE2eKeyset,
  computeE2mIntKey,
  computeE2mKey,
  computeKasme,
  computeKausf,
  computeKseaf,
  computeResStar,
  keyIdFromRand,
  refreshE2eKeyset,
} from '../../src/crypto/derivations.js';
import { hmacSha256 } from '../../src/crypto/kdf-3gpp.js';
import { hex, loadVectors } from '../helpers/repo.js';

interface KasmeVector {
  name: string;
  ck: string;
  ik: string;
  plmn: string;
  sqn_xor_ak: string;
  kasme: string;
}

for (const v of loadVectors<KasmeVector>('kasme/kasme.json').vectors) {
  test(`K_ASME (TS 33.401 A.2): ${v.name}`, () => {
    assert.equal(
      computeKasme(hex(v.ck), hex(v.ik), hex(v.plmn), hex(v.sqn_xor_ak)).toString('hex'),
      hex(v.kasme).toString('hex'),
    );
  });
}

interface CkIkPrimeVector {
  name: string;
  network_name: string;
  autn: string;
  ck: string;
  ik: string;
  ck_prime: string;
  ik_prime: string;
}

const ckik = loadVectors<CkIkPrimeVector>('rfc5448/ckik-prime.json');
test('RFC 5448 Appendix C holds test cases 1 and 2', () => {
  const names = ckik.vectors.map((v) => v.name);
  assert.ok(names.some((n) => /test case 1$/.test(n)));
  assert.ok(names.some((n) => /test case 2$/.test(n)));
});
for (const v of ckik.vectors) {
  test(`CK'/IK' (TS 33.402 A.2), RFC 5448 ${v.name}`, () => {
    const sqnXorAk = hex(v.autn).subarray(0, 6);
    const r = computeCkIkPrime(hex(v.ck), hex(v.ik), v.network_name, sqnXorAk);
    assert.equal(r.ckPrime.toString('hex'), hex(v.ck_prime).toString('hex'));
    assert.equal(r.ikPrime.toString('hex'), hex(v.ik_prime).toString('hex'));
  });
}

interface FiveGVector {
  name: string;
  kind: 'kausf' | 'xres_star' | 'kseaf';
  ck?: string;
  ik?: string;
  serving_network_name: string;
  sqn_xor_ak?: string;
  rand?: string;
  res?: string;
  kausf?: string;
  output: string;
}

{
  const fiveG = loadVectors<FiveGVector>('ts33501/kdf-5g.json');
  test('TS 33.501 vectors cover K_AUSF, XRES* and K_SEAF', () => {
    assert.deepEqual([...new Set(fiveG.vectors.map((v) => v.kind))].sort(), ['kausf', 'kseaf', 'xres_star']);
  });
  for (const v of fiveG.vectors) {
    test(`TS 33.501 ${v.kind}: ${v.name}`, () => {
      let out: Buffer;
      if (v.kind === 'kausf')
        out = computeKausf(hex(v.ck), hex(v.ik), v.serving_network_name, hex(v.sqn_xor_ak));
      else if (v.kind === 'xres_star')
        out = computeResStar(hex(v.ck), hex(v.ik), v.serving_network_name, hex(v.rand), hex(v.res));
      else if (v.kind === 'kseaf') out = computeKseaf(hex(v.kausf), v.serving_network_name);
      else throw new Error(`unknown kind ${String(v.kind)}`);
      assert.equal(out.toString('hex'), hex(v.output).toString('hex'));
    });
  }
}

// The derivations below have no external vectors (the seeds define them); these tests pin their
// S-string layout against a hand-built S, so any change to FC, label or parameter order shows.
const ck = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const ik = Buffer.from('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff', 'hex');
const key = Buffer.concat([ck, ik]);
const len = (n: number): string => n.toString(16).padStart(4, '0');
const ascii = (s: string): string => Buffer.from(s).toString('hex');

test('K_AUSF, RES*, K_SEAF: S strings of TS 33.501 A.2, A.4, A.6', () => {
  const snn = '5G:mnc001.mcc001.3gppnetwork.org';
  const sqnXorAk = Buffer.from('aabbccddeeff', 'hex');
  const rand = Buffer.alloc(16, 0x11);
  const res = Buffer.alloc(8, 0x22);
  const kausf = hmacSha256(key, Buffer.from(`6a${ascii(snn)}${len(snn.length)}aabbccddeeff0006`, 'hex'));
  assert.deepEqual(computeKausf(ck, ik, snn, sqnXorAk), kausf);
  const rs = hmacSha256(
    key,
    Buffer.from(
      `6b${ascii(snn)}${len(snn.length)}${rand.toString('hex')}0010${res.toString('hex')}0008`,
      'hex',
    ),
  );
  assert.deepEqual(computeResStar(ck, ik, snn, rand, res), rs.subarray(16));
  assert.deepEqual(
    computeKseaf(kausf, snn),
    hmacSha256(kausf, Buffer.from(`6c${ascii(snn)}${len(snn.length)}`, 'hex')),
  );
});

test('e2m_int_key, e2m_key, e2eKEYSET and its refresh use the documented FCs and labels (D-002)', () => {
  const e2mInt = computeE2mIntKey(ck, ik);
  assert.deepEqual(e2mInt, hmacSha256(key, Buffer.from(`ffe0${ascii('e2m_CIoT')}0008`, 'hex')));
  const emse = 'emse.example';
  assert.deepEqual(
    computeE2mKey(e2mInt, emse),
    hmacSha256(e2mInt, Buffer.from(`ffe1${ascii(emse)}${len(emse.length)}`, 'hex')),
  );
  const e2e = computeE2eKeyset(e2mInt);
  assert.deepEqual(e2e, hmacSha256(e2mInt, Buffer.from(`ffe2${ascii('CIoT End-to-end')}000f`, 'hex')));
  const rand = Buffer.alloc(16, 0x33);
  assert.deepEqual(
    refreshE2eKeyset(e2e, rand),
    hmacSha256(e2e, Buffer.from(`ffe3${rand.toString('hex')}0010`, 'hex')),
  );
  assert.equal(
    keyIdFromRand(Buffer.from('00112233445566778899aabbccddeeff', 'hex')).toString('hex'),
    'ccddeeff',
  );
});

test('the project FCs and labels are configurable', () => {
  const cfg = { ...DEFAULT_APP_KEY_KDF, e2mIntKeyFc: 0x90, e2mKeyLabel: 'e2m_key' };
  const e2mInt = computeE2mIntKey(ck, ik, cfg);
  assert.deepEqual(e2mInt, hmacSha256(key, Buffer.from(`90${ascii('e2m_CIoT')}0008`, 'hex')));
  assert.deepEqual(
    computeE2mKey(e2mInt, 'x', cfg),
    hmacSha256(e2mInt, Buffer.from(`ffe1${ascii('x')}0001${ascii('e2m_key')}0007`, 'hex')),
  );
  // Different EMSE identities get different keys (seed 001: key separation between EMSEs).
  assert.notDeepEqual(computeE2mKey(e2mInt, 'emse-a'), computeE2mKey(e2mInt, 'emse-b'));
});

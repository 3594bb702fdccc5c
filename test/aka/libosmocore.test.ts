import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Milenage } from '../../src/crypto/milenage.js';
import { generateAuthVector } from '../../src/aka/vector.js';
import { nextSqnHe, sqnToBytes } from '../../src/aka/sqn.js';
import { recoverSqnMs, resynchroniseSqnHe } from '../../src/aka/resync.js';
import { hex, loadVectors } from '../helpers/repo.js';

interface AucVector {
  name: string;
  kind: 'generate' | 'resync';
  k: string;
  opc: string;
  amf: string;
  rand: string;
  /** decimal */
  sqn: string;
  ind_bitlen: number;
  ind: number;
  autn: string;
  res: string;
  ck: string;
  ik: string;
  auts?: string;
  sqn_ms?: string;
}

const file = loadVectors<AucVector>('libosmocore/auc.json');

test('libosmocore: both AUTN generation and AUTS resynchronisation cases are present', () => {
  assert.ok(file.vectors.some((v) => v.kind === 'generate'));
  assert.ok(file.vectors.some((v) => v.kind === 'resync'));
});

for (const v of file.vectors) {
  test(`libosmocore ${v.kind}: ${v.name}`, () => {
    const m = new Milenage(hex(v.k), hex(v.opc));
    let sqn = Number(v.sqn);
    if (v.kind !== 'resync' && v.kind !== 'generate') throw new Error(`unknown kind ${String(v.kind)}`);
    if (v.kind === 'resync') {
      // TS 33.102 §6.3.5: recover SQN_MS, verify MAC-S; the HSS then issues SEQ_MS + 1 ‖ IND.
      const sqnMs = recoverSqnMs(m, hex(v.rand), hex(v.auts));
      assert.equal(sqnToBytes(sqnMs).toString('hex'), hex(v.sqn_ms).toString('hex'), 'SQN_MS');
      const cfg = { indBits: v.ind_bitlen, delta: 2 ** 28, ageLimit: undefined };
      const sqnHe = resynchroniseSqnHe(0, sqnMs, cfg);
      sqn = nextSqnHe(sqnHe, v.ind_bitlen, v.ind);
      assert.equal(sqn, Number(v.sqn), 'next SQN after resync');
      // A single flipped bit of MAC-S is refused.
      const bad = hex(v.auts);
      bad[13]! ^= 0x01;
      assert.throws(() => recoverSqnMs(m, hex(v.rand), bad), { code: 'ERR_AUTS_MAC_FAILURE' });
    }
    const av = generateAuthVector(m, hex(v.rand), sqn, hex(v.amf));
    assert.equal(av.autn.toString('hex'), hex(v.autn).toString('hex'), 'AUTN');
    assert.equal(av.xres.toString('hex'), hex(v.res).toString('hex'), 'RES');
    assert.equal(av.ck.toString('hex'), hex(v.ck).toString('hex'), 'CK');
    assert.equal(av.ik.toString('hex'), hex(v.ik).toString('hex'), 'IK');
  });
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Milenage, computeOpc } from '../../src/crypto/milenage.js';
import { hex, loadVectors } from '../helpers/repo.js';
import { bytes, fcParams } from '../helpers/fc.js';

interface MilenageVector {
  set: number;
  k: string;
  rand: string;
  sqn: string;
  amf: string;
  op: string;
  opc: string;
  f1: string;
  f1star: string;
  f2: string;
  f3: string;
  f4: string;
  f5: string;
  f5star: string;
}

const file = loadVectors<MilenageVector>('ts35208/milenage.json');

test('TS 35.208 holds at least sets 1 and 3-6, each once, and no set repeats another', () => {
  const sets = new Set(file.vectors.map((v) => v.set));
  for (const s of [1, 3, 4, 5, 6]) assert.ok(sets.has(s), `set ${s} missing`);
  assert.equal(sets.size, file.vectors.length, 'a set number appears twice');
  const keys = new Set(file.vectors.map((v) => `${v.k}/${v.rand}`));
  assert.equal(keys.size, file.vectors.length, 'two sets share K and RAND (a copied set?)');
});

for (const v of file.vectors) {
  test(`TS 35.208 test set ${v.set}: OPc and f1, f1*, f2, f3, f4, f5, f5*`, () => {
    const k = hex(v.k);
    assert.equal(computeOpc(k, hex(v.op)).toString('hex'), hex(v.opc).toString('hex'), 'OPc');
    const m = new Milenage(k, hex(v.opc));
    const o = m.compute(hex(v.rand), hex(v.sqn), hex(v.amf));
    assert.deepEqual(
      {
        f1: o.macA.toString('hex'),
        f1star: o.macS.toString('hex'),
        f2: o.res.toString('hex'),
        f3: o.ck.toString('hex'),
        f4: o.ik.toString('hex'),
        f5: o.ak.toString('hex'),
        f5star: o.akStar.toString('hex'),
      },
      {
        f1: hex(v.f1).toString('hex'),
        f1star: hex(v.f1star).toString('hex'),
        f2: hex(v.f2).toString('hex'),
        f3: hex(v.f3).toString('hex'),
        f4: hex(v.f4).toString('hex'),
        f5: hex(v.f5).toString('hex'),
        f5star: hex(v.f5star).toString('hex'),
      },
    );
    // Milenage.fromOp derives the same OPc.
    assert.equal(
      Milenage.fromOp(k, hex(v.op)).f5star(hex(v.rand)).toString('hex'),
      hex(v.f5star).toString('hex'),
    );
  });
}

test('the single-function paths agree with the batched compute()', () => {
  fc.assert(
    fc.property(bytes(16), bytes(16), bytes(16), bytes(6), bytes(2), (k, opc, rand, sqn, amf) => {
      const m = new Milenage(k, opc);
      const all = m.compute(rand, sqn, amf);
      const f1 = m.f1(rand, sqn, amf);
      const f25 = m.f2345(rand);
      assert.deepEqual(f1.macA, all.macA);
      assert.deepEqual(f1.macS, all.macS);
      assert.deepEqual(f25.res, all.res);
      assert.deepEqual(f25.ck, all.ck);
      assert.deepEqual(f25.ik, all.ik);
      assert.deepEqual(f25.ak, all.ak);
      assert.deepEqual(m.f5star(rand), all.akStar);
      // A second Milenage for the same K gives the same outputs: the reused cipher keeps no state.
      assert.deepEqual(new Milenage(k, opc).compute(rand, sqn, amf), m.compute(rand, sqn, amf));
    }),
    fcParams(200),
  );
});

test('wrong input lengths are rejected with the field named', () => {
  const z = Buffer.alloc(16);
  assert.throws(() => new Milenage(Buffer.alloc(15), z), { code: 'ERR_INVALID_INPUT', field: 'k' });
  assert.throws(() => new Milenage(z, Buffer.alloc(17)), { code: 'ERR_INVALID_INPUT', field: 'opc' });
  const m = new Milenage(z, z);
  assert.throws(() => m.compute(Buffer.alloc(16), Buffer.alloc(5), Buffer.alloc(2)), { field: 'sqn' });
  assert.throws(() => m.compute(Buffer.alloc(16), Buffer.alloc(6), Buffer.alloc(3)), { field: 'amf' });
  assert.throws(() => m.f2345(Buffer.alloc(8)), { field: 'rand' });
});

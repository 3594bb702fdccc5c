import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  SQN_MODULUS,
  joinSqn,
  nextSqnHe,
  splitSqn,
  sqnFromBytes,
  sqnToBytes,
  validateSqnConfig,
} from '../../src/aka/sqn.js';
import { fcParams } from '../helpers/fc.js';

test('SQN = SEQ || IND round-trips for every IND length (TS 33.102 C.1.1)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: SQN_MODULUS - 1 }), (a, sqn) => {
      const { seq, ind } = splitSqn(sqn, a);
      assert.ok(ind < 2 ** a);
      assert.equal(joinSqn(seq, ind, a), sqn);
      assert.equal(sqnFromBytes(sqnToBytes(sqn)), sqn);
    }),
    fcParams(500),
  );
});

test('the HSS increments SEQ by one per vector and takes IND modulo 2^a', () => {
  const a = 5;
  const s0 = joinSqn(10, 3, a);
  assert.deepEqual(splitSqn(nextSqnHe(s0, a, 7), a), { seq: 11, ind: 7 });
  assert.deepEqual(splitSqn(nextSqnHe(s0, a, 32 + 2), a), { seq: 11, ind: 2 }, 'IND 34 wraps to slot 2');
});

test('IND wrap-around: without a slot the HSS cycles 0..2^a-1 and back to 0', () => {
  const a = 3;
  let sqn = joinSqn(0, 0, a);
  const inds: number[] = [];
  const seqs: number[] = [];
  for (let i = 0; i < 17; i++) {
    sqn = nextSqnHe(sqn, a);
    const p = splitSqn(sqn, a);
    inds.push(p.ind);
    seqs.push(p.seq);
  }
  assert.deepEqual(inds, [1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7, 0, 1]);
  assert.deepEqual(
    seqs,
    Array.from({ length: 17 }, (_, i) => i + 1),
  );
});

test('SQN wraps at 2^48: after SEQ = 2^(48-a)-1 comes SEQ = 0 (D-004)', () => {
  for (const a of [0, 5, 16]) {
    const top = SQN_MODULUS - 1; // SEQ all ones, IND all ones
    const next = nextSqnHe(top, a, 0);
    assert.deepEqual(splitSqn(next, a), { seq: 0, ind: 0 });
    assert.ok(next < SQN_MODULUS);
    const nearTop = joinSqn(2 ** (48 - a) - 2, 0, a);
    assert.equal(splitSqn(nextSqnHe(nearTop, a, 1), a).seq, 2 ** (48 - a) - 1);
  }
  assert.deepEqual(sqnToBytes(SQN_MODULUS - 1), Buffer.from('ffffffffffff', 'hex'));
  assert.throws(() => sqnToBytes(SQN_MODULUS), { code: 'ERR_INVALID_INPUT' });
  assert.throws(() => nextSqnHe(-1, 5), { code: 'ERR_INVALID_INPUT' });
});

test('SQN configuration is validated', () => {
  assert.throws(() => validateSqnConfig({ indBits: 17, delta: 10, ageLimit: undefined }), {
    field: 'indBits',
  });
  assert.throws(() => validateSqnConfig({ indBits: 5, delta: 0, ageLimit: undefined }), { field: 'delta' });
  assert.throws(() => validateSqnConfig({ indBits: 5, delta: 2 ** 43, ageLimit: undefined }), {
    field: 'delta',
  });
  assert.throws(() => validateSqnConfig({ indBits: 5, delta: 100, ageLimit: 0 }), { field: 'ageLimit' });
  assert.ok(validateSqnConfig({ indBits: 0, delta: 1, ageLimit: 5 }));
});

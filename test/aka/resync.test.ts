import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Milenage } from '../../src/crypto/milenage.js';
import { joinSqn, splitSqn, type SqnConfig } from '../../src/aka/sqn.js';
import { generateAuthVector } from '../../src/aka/vector.js';
import { highestSqnMs, usimAuthenticate, type UsimSqnState } from '../../src/aka/usim-checks.js';
import { recoverSqnMs, resynchroniseSqnHe } from '../../src/aka/resync.js';

const cfg: SqnConfig = { indBits: 5, delta: 1000, ageLimit: undefined };
const AMF = Buffer.from('8000', 'hex');
const m = new Milenage(Buffer.alloc(16, 0x21), Buffer.alloc(16, 0x43));

test('TS 33.102 §6.3.5: SQN_HE is kept when its next SEQ is acceptable, reset to SQN_MS otherwise (D-005)', () => {
  const sqnMs = joinSqn(500, 3, cfg.indBits);
  // HSS ahead within Δ: the USIM refused an old vector; keep SQN_HE.
  const ahead = joinSqn(700, 1, cfg.indBits);
  assert.equal(resynchroniseSqnHe(ahead, sqnMs, cfg), ahead);
  // Next SEQ exactly SEQ_MS + Δ is still acceptable; one more is not.
  const edge = joinSqn(500 + cfg.delta - 1, 0, cfg.indBits);
  assert.equal(resynchroniseSqnHe(edge, sqnMs, cfg), edge);
  const beyond = joinSqn(500 + cfg.delta, 0, cfg.indBits);
  assert.equal(resynchroniseSqnHe(beyond, sqnMs, cfg), sqnMs);
  // HSS behind or level: reset.
  assert.equal(resynchroniseSqnHe(joinSqn(499, 0, cfg.indBits), sqnMs, cfg), sqnMs);
  assert.equal(resynchroniseSqnHe(joinSqn(500, 9, cfg.indBits), sqnMs, cfg), joinSqn(500, 9, cfg.indBits));
});

test('a stale vector refused while the HSS is ahead: the HSS keeps SQN_HE and its next vector is accepted', () => {
  let state: UsimSqnState = { seqMs: new Array<number>(32).fill(0) };
  const old = generateAuthVector(m, Buffer.alloc(16, 1), joinSqn(10, 2, cfg.indBits), AMF);
  const newer = generateAuthVector(m, Buffer.alloc(16, 2), joinSqn(11, 2, cfg.indBits), AMF);
  const ok = usimAuthenticate(m, state, newer.rand, newer.autn, cfg);
  assert.equal(ok.kind, 'success');
  if (ok.kind === 'success') state = ok.state;
  const r = usimAuthenticate(m, state, old.rand, old.autn, cfg);
  assert.equal(r.kind, 'sync-failure');
  if (r.kind !== 'sync-failure') return;
  const sqnHe = joinSqn(20, 4, cfg.indBits);
  const kept = resynchroniseSqnHe(sqnHe, recoverSqnMs(m, old.rand, r.auts), cfg);
  assert.equal(kept, sqnHe);
  const next = generateAuthVector(m, Buffer.alloc(16, 3), joinSqn(21, 2, cfg.indBits), AMF);
  assert.equal(usimAuthenticate(m, state, next.rand, next.autn, cfg).kind, 'success');
});

test('C.3.1: Δ is measured from the highest accepted SEQ, not from the slot', () => {
  const seqMs = new Array<number>(32).fill(0);
  seqMs[0] = 5000;
  const state: UsimSqnState = { seqMs };
  const at = (seq: number) =>
    generateAuthVector(m, Buffer.alloc(16, seq & 0xff), joinSqn(seq, 1, cfg.indBits), AMF);
  // Slot 1 is at 0, but the USIM's highest SEQ is 5000: 6000 is within Δ of it, 6001 is not.
  assert.equal(usimAuthenticate(m, state, at(6000).rand, at(6000).autn, cfg).kind, 'success');
  const far = usimAuthenticate(m, state, at(6001).rand, at(6001).autn, cfg);
  assert.equal(far.kind === 'sync-failure' && far.reason, 'delta');
});

test('SQN_MS in AUTS is the highest SEQ together with its IND (C.3.2)', () => {
  const seqMs = new Array<number>(32).fill(0);
  seqMs[3] = 40;
  seqMs[17] = 77;
  seqMs[30] = 12;
  const state: UsimSqnState = { seqMs };
  assert.deepEqual(splitSqn(highestSqnMs(state, cfg), cfg.indBits), { seq: 77, ind: 17 });
  const stale = generateAuthVector(m, Buffer.alloc(16, 9), joinSqn(40, 3, cfg.indBits), AMF);
  const r = usimAuthenticate(m, state, stale.rand, stale.autn, cfg);
  assert.equal(r.kind, 'sync-failure');
  if (r.kind === 'sync-failure')
    assert.deepEqual(splitSqn(recoverSqnMs(m, stale.rand, r.auts), cfg.indBits), { seq: 77, ind: 17 });
});

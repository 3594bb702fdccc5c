import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Milenage } from '../../src/crypto/milenage.js';
import { joinSqn, nextSqnHe, splitSqn, type SqnConfig } from '../../src/aka/sqn.js';
import { generateAuthVector } from '../../src/aka/vector.js';
import { initialUsimSqnState, usimAuthenticate, type UsimSqnState } from '../../src/aka/usim-checks.js';
import { recoverSqnMs, resynchroniseSqnHe } from '../../src/aka/resync.js';
import { bytes, fcParams } from '../helpers/fc.js';

const AMF = Buffer.from('8000', 'hex');
const cfgArb = fc.record({
  indBits: fc.integer({ min: 0, max: 8 }),
  delta: fc.constantFrom(2 ** 28, 1000, 50),
  ageLimit: fc.constant(undefined),
}) as fc.Arbitrary<SqnConfig>;

/** A pure HSS model: SQN_HE and the functions the HSS procedures call. */
function issue(m: Milenage, sqnHe: number, cfg: SqnConfig, rand: Buffer, ind?: number) {
  const sqn = nextSqnHe(sqnHe, cfg.indBits, ind);
  return { sqnHe: sqn, av: generateAuthVector(m, rand, sqn, AMF) };
}

test('property: the USIM accepts every vector the HSS issues, in order, and rejects each replay', () => {
  fc.assert(
    fc.property(
      bytes(16),
      bytes(16),
      cfgArb,
      fc.array(fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }), {
        minLength: 1,
        maxLength: 40,
      }),
      (k, opc, cfg, inds) => {
        const m = new Milenage(k, opc);
        let state: UsimSqnState = initialUsimSqnState(cfg);
        let sqnHe = 0;
        inds.forEach((ind, i) => {
          const r = issue(m, sqnHe, cfg, Buffer.alloc(16, i), ind);
          sqnHe = r.sqnHe;
          const ok = usimAuthenticate(m, state, r.av.rand, r.av.autn, cfg);
          assert.equal(ok.kind, 'success');
          if (ok.kind !== 'success') return;
          assert.deepEqual(ok.res, r.av.xres);
          assert.deepEqual(ok.ck, r.av.ck);
          assert.equal(ok.sqn, r.av.sqn);
          state = ok.state;
          const replay = usimAuthenticate(m, state, r.av.rand, r.av.autn, cfg);
          assert.equal(replay.kind, 'sync-failure');
          if (replay.kind === 'sync-failure') assert.equal(replay.reason, 'replay');
        });
      },
    ),
    fcParams(150),
  );
});

test('property: vectors for distinct IND slots are accepted in any order (C.3.2 array)', () => {
  fc.assert(
    fc.property(bytes(16), bytes(16), fc.integer({ min: 2, max: 6 }), fc.context(), (k, opc, a, ctx) => {
      const cfg: SqnConfig = { indBits: a, delta: 2 ** 28, ageLimit: undefined };
      const m = new Milenage(k, opc);
      let sqnHe = 0;
      const avs = [];
      for (let ind = 0; ind < 2 ** a; ind++) {
        const r = issue(m, sqnHe, cfg, Buffer.alloc(16, ind), ind);
        sqnHe = r.sqnHe;
        avs.push(r.av);
      }
      avs.reverse();
      let state = initialUsimSqnState(cfg);
      for (const av of avs) {
        const r = usimAuthenticate(m, state, av.rand, av.autn, cfg);
        ctx.log(`sqn ${av.sqn} -> ${r.kind}`);
        assert.equal(r.kind, 'success');
        if (r.kind === 'success') state = r.state;
      }
    }),
    fcParams(50),
  );
});

test('property: after any desynchronisation one resync converges and the next vector is accepted', () => {
  fc.assert(
    fc.property(
      bytes(16),
      bytes(16),
      cfgArb,
      fc.integer({ min: 1, max: 40 }),
      fc.oneof(fc.constant('hss-behind'), fc.constant('hss-far-ahead')),
      (k, opc, cfg, used, kind) => {
        const m = new Milenage(k, opc);
        let state = initialUsimSqnState(cfg);
        let sqnHe = 0;
        for (let i = 0; i < used; i++) {
          const r = issue(m, sqnHe, cfg, Buffer.alloc(16, i));
          sqnHe = r.sqnHe;
          const ok = usimAuthenticate(m, state, r.av.rand, r.av.autn, cfg);
          if (ok.kind !== 'success') throw new Error('setup vector rejected');
          state = ok.state;
        }
        // Desynchronise: roll the HSS back (restored backup) or push it beyond Δ.
        const seqHe = splitSqn(sqnHe, cfg.indBits).seq;
        sqnHe = kind === 'hss-behind' ? 0 : joinSqn(seqHe + cfg.delta + 5, 0, cfg.indBits);
        const stale = issue(m, sqnHe, cfg, Buffer.alloc(16, 0xee));
        sqnHe = stale.sqnHe;
        const rej = usimAuthenticate(m, state, stale.av.rand, stale.av.autn, cfg);
        assert.equal(rej.kind, 'sync-failure');
        if (rej.kind !== 'sync-failure') return;
        assert.equal(rej.reason, kind === 'hss-behind' ? 'replay' : 'delta');
        const sqnMs = recoverSqnMs(m, stale.av.rand, rej.auts);
        assert.equal(sqnMs, rej.sqnMs);
        sqnHe = resynchroniseSqnHe(sqnHe, sqnMs, cfg);
        const fresh = issue(m, sqnHe, cfg, Buffer.alloc(16, 0xef));
        const ok = usimAuthenticate(m, state, fresh.av.rand, fresh.av.autn, cfg);
        assert.equal(ok.kind, 'success');
      },
    ),
    fcParams(150),
  );
});

test('property: any change to AUTN or RAND is a MAC failure, never an accepted challenge', () => {
  fc.assert(
    fc.property(bytes(16), bytes(16), fc.integer({ min: 0, max: 32 * 8 - 1 }), (k, opc, bit) => {
      const cfg: SqnConfig = { indBits: 5, delta: 2 ** 28, ageLimit: undefined };
      const m = new Milenage(k, opc);
      const { av } = issue(m, 0, cfg, Buffer.alloc(16, 9));
      const rand = Buffer.from(av.rand);
      const autn = Buffer.from(av.autn);
      const target = bit < 128 ? rand : autn;
      target[(bit % 128) >> 3]! ^= 1 << (bit & 7);
      const r = usimAuthenticate(m, initialUsimSqnState(cfg), rand, autn, cfg);
      assert.equal(r.kind, 'mac-failure');
    }),
    fcParams(300),
  );
});

test('Δ: a jump of exactly Δ is accepted, Δ+1 is a synchronisation failure (C.3.1)', () => {
  const cfg: SqnConfig = { indBits: 2, delta: 100, ageLimit: undefined };
  const m = new Milenage(Buffer.alloc(16, 1), Buffer.alloc(16, 2));
  const at = (seq: number) =>
    generateAuthVector(m, Buffer.alloc(16, seq & 0xff), joinSqn(seq, 1, cfg.indBits), AMF);
  const s0 = initialUsimSqnState(cfg);
  assert.equal(usimAuthenticate(m, s0, at(100).rand, at(100).autn, cfg).kind, 'success');
  const r = usimAuthenticate(m, s0, at(101).rand, at(101).autn, cfg);
  assert.equal(r.kind, 'sync-failure');
  if (r.kind === 'sync-failure') assert.equal(r.reason, 'delta');
});

test('L: with an age limit, a vector L or more behind the highest accepted SEQ is refused (C.3.3)', () => {
  const cfg: SqnConfig = { indBits: 2, delta: 2 ** 20, ageLimit: 10 };
  const m = new Milenage(Buffer.alloc(16, 1), Buffer.alloc(16, 2));
  const at = (seq: number, ind: number) =>
    generateAuthVector(m, Buffer.alloc(16, seq & 0xff), joinSqn(seq, ind, cfg.indBits), AMF);
  let s = initialUsimSqnState(cfg);
  const hi = usimAuthenticate(m, s, at(50, 0).rand, at(50, 0).autn, cfg);
  assert.equal(hi.kind, 'success');
  if (hi.kind === 'success') s = hi.state;
  assert.equal(usimAuthenticate(m, s, at(41, 1).rand, at(41, 1).autn, cfg).kind, 'success', '9 behind');
  const old = usimAuthenticate(m, s, at(40, 2).rand, at(40, 2).autn, cfg);
  assert.equal(old.kind === 'sync-failure' && old.reason, 'age', '10 behind');
});

test('near 2^48: vectors up to the last SEQ are accepted; the wrapped SEQ 0 is refused (D-004)', () => {
  for (const a of [0, 5]) {
    const cfg: SqnConfig = { indBits: a, delta: 2 ** 28, ageLimit: undefined };
    const m = new Milenage(Buffer.alloc(16, 3), Buffer.alloc(16, 4));
    const seqMax = 2 ** (48 - a) - 1;
    const seqMs = new Array<number>(2 ** a).fill(seqMax - 3);
    let state: UsimSqnState = { seqMs };
    let sqnHe = joinSqn(seqMax - 3, 0, a);
    const kinds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = issue(m, sqnHe, cfg, Buffer.alloc(16, i), 0);
      sqnHe = r.sqnHe;
      const u = usimAuthenticate(m, state, r.av.rand, r.av.autn, cfg);
      kinds.push(`${splitSqn(r.av.sqn, a).seq === 0 ? 'wrapped' : 'top'}:${u.kind}`);
      if (u.kind === 'success') state = u.state;
    }
    assert.deepEqual(kinds, ['top:success', 'top:success', 'top:success', 'wrapped:sync-failure']);
  }
});

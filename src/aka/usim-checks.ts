import { constantTimeEqual, requireLength, xor } from '../crypto/bytes.js';
import type { Milenage } from '../crypto/milenage.js';
import { joinSqn, splitSqn, sqnFromBytes, sqnToBytes, type SqnConfig } from './sqn.js';

/** The AMF of MAC-S: "a dummy value of all zeros" (TS 33.102 §6.3.3). */
export const AMF_RESYNC = Buffer.alloc(2);

/** USIM sequence-number state: SEQ_MS(i) for every IND slot i (TS 33.102 C.3.2), SEQ 0 = none yet. */
export interface UsimSqnState {
  readonly seqMs: readonly number[];
}

export function initialUsimSqnState(cfg: SqnConfig): UsimSqnState {
  return { seqMs: new Array<number>(2 ** cfg.indBits).fill(0) };
}

/** SQN_MS sent in AUTS: the highest accepted SEQ with its IND (C.3.2 / §6.3.3). */
export function highestSqnMs(state: UsimSqnState, cfg: SqnConfig): number {
  let best = 0;
  let bestInd = 0;
  state.seqMs.forEach((seq, ind) => {
    if (seq > best) {
      best = seq;
      bestInd = ind;
    }
  });
  return joinSqn(best, bestInd, cfg.indBits);
}

export type FreshnessResult =
  | { readonly fresh: true; readonly state: UsimSqnState }
  | { readonly fresh: false; readonly reason: 'replay' | 'delta' | 'age' };

/** TS 33.102 C.3.1–C.3.3: is SQN = SEQ ‖ IND fresh for this USIM? Pure: returns the next state. */
export function checkFreshness(state: UsimSqnState, sqn: number, cfg: SqnConfig): FreshnessResult {
  const { seq, ind } = splitSqn(sqn, cfg.indBits);
  let seqMsMax = 0;
  for (const s of state.seqMs) if (s > seqMsMax) seqMsMax = s;
  // C.3.2: SEQ must exceed the SEQ last accepted in slot IND.
  if (seq <= state.seqMs[ind]!) return { fresh: false, reason: 'replay' };
  // C.3.1: do not let a single jump run the counter towards its end.
  if (seq - seqMsMax > cfg.delta) return { fresh: false, reason: 'delta' };
  // C.3.3: optional limit on the age of an accepted vector.
  if (cfg.ageLimit !== undefined && seqMsMax - seq >= cfg.ageLimit) return { fresh: false, reason: 'age' };
  const seqMs = state.seqMs.slice();
  seqMs[ind] = seq;
  return { fresh: true, state: { seqMs } };
}

export type UsimAuthResult =
  | {
      readonly kind: 'success';
      readonly res: Buffer;
      readonly ck: Buffer;
      readonly ik: Buffer;
      readonly sqn: number;
      readonly state: UsimSqnState;
    }
  | { readonly kind: 'mac-failure' }
  | {
      readonly kind: 'sync-failure';
      readonly auts: Buffer;
      readonly sqnMs: number;
      readonly reason: 'replay' | 'delta' | 'age';
    };

/**
 * USIM side of AKA (TS 33.102 §6.3.3): recover SQN with AK, verify MAC-A, then freshness; on a stale
 * SQN answer with AUTS = (SQN_MS ⊕ AK*) ‖ MAC-S. Pure: the caller stores `state` on success.
 */
export function usimAuthenticate(
  m: Milenage,
  state: UsimSqnState,
  rand: Uint8Array,
  autn: Uint8Array,
  cfg: SqnConfig,
): UsimAuthResult {
  requireLength(autn, 16, 'autn');
  const { res, ck, ik, ak } = m.f2345(rand);
  const sqnBytes = xor(autn.subarray(0, 6), ak);
  const amf = autn.subarray(6, 8);
  const { macA: xmac } = m.f1(rand, sqnBytes, amf);
  if (!constantTimeEqual(xmac, autn.subarray(8, 16))) return { kind: 'mac-failure' };
  const sqn = sqnFromBytes(sqnBytes);
  const fresh = checkFreshness(state, sqn, cfg);
  if (!fresh.fresh) {
    const sqnMs = highestSqnMs(state, cfg);
    return { kind: 'sync-failure', auts: computeAuts(m, rand, sqnMs), sqnMs, reason: fresh.reason };
  }
  return { kind: 'success', res, ck, ik, sqn, state: fresh.state };
}

/** AUTS = Conc(SQN_MS) ‖ MAC-S, Conc(SQN_MS) = SQN_MS ⊕ f5*(RAND), MAC-S = f1*(SQN_MS ‖ RAND ‖ AMF*). */
export function computeAuts(m: Milenage, rand: Uint8Array, sqnMs: number): Buffer {
  const sqnMsBytes = sqnToBytes(sqnMs);
  const { macS } = m.f1(rand, sqnMsBytes, AMF_RESYNC);
  return Buffer.concat([xor(sqnMsBytes, m.f5star(rand)), macS]);
}

import { constantTimeEqual, requireLength, xor } from '../crypto/bytes.js';
import type { Milenage } from '../crypto/milenage.js';
import { AutsMacFailureError } from './errors.js';
import { splitSqn, sqnFromBytes, type SqnConfig } from './sqn.js';
import { AMF_RESYNC } from './usim-checks.js';

/**
 * HSS side of resynchronisation (TS 33.102 §6.3.5): recover SQN_MS from AUTS and verify MAC-S.
 * Throws AutsMacFailureError when MAC-S fails (compared in constant time).
 */
export function recoverSqnMs(m: Milenage, rand: Uint8Array, auts: Uint8Array): number {
  requireLength(auts, 14, 'auts');
  const sqnMsBytes = xor(auts.subarray(0, 6), m.f5star(rand));
  const { macS } = m.f1(rand, sqnMsBytes, AMF_RESYNC);
  if (!constantTimeEqual(macS, auts.subarray(6, 14))) throw new AutsMacFailureError();
  return sqnFromBytes(sqnMsBytes);
}

/**
 * §6.3.5: if the next SQN the HSS would issue is acceptable to a USIM at SQN_MS, keep SQN_HE (the USIM
 * rejected an old vector); otherwise set SQN_HE = SQN_MS so that the next vector is SEQ_MS + 1.
 */
export function resynchroniseSqnHe(sqnHe: number, sqnMs: number, cfg: SqnConfig): number {
  const nextSeq = splitSqn(sqnHe, cfg.indBits).seq + 1;
  const seqMs = splitSqn(sqnMs, cfg.indBits).seq;
  const acceptable = nextSeq > seqMs && nextSeq - seqMs <= cfg.delta;
  return acceptable ? sqnHe : sqnMs;
}

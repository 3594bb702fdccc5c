import { InvalidInputError } from '../errors/base.js';

/** SQN is 48 bits (TS 33.102 §6.3.2); it is carried as a JS number, exact below 2^53. */
export const SQN_BITS = 48;
export const SQN_MODULUS = 2 ** SQN_BITS;

/**
 * Parameters of the sequence-number scheme of TS 33.102 Annex C (profile 2, not time based) with the
 * array-based freshness check of C.3.2.
 */
export interface SqnConfig {
  /** a: the number of IND bits; SQN = SEQ ‖ IND, IND the a least significant bits (C.1.1). */
  readonly indBits: number;
  /** Δ: the USIM rejects SEQ − SEQ_MS > Δ (C.3.1 protection against wrap around). */
  readonly delta: number;
  /** L: if set, the USIM rejects SEQ_MS − SEQ ≥ L (C.3.3 limitation of the age of a vector). */
  readonly ageLimit: number | undefined;
}

/** a = 5 as in TS 33.102 C.3.2's example and libosmocore; Δ = 2^28 as C.3.1 suggests; no age limit. */
export const DEFAULT_SQN_CONFIG: SqnConfig = Object.freeze({
  indBits: 5,
  delta: 2 ** 28,
  ageLimit: undefined,
});

export function validateSqnConfig(cfg: SqnConfig): SqnConfig {
  if (!Number.isInteger(cfg.indBits) || cfg.indBits < 0 || cfg.indBits > 16) {
    throw new InvalidInputError('indBits', 'must be an integer 0..16');
  }
  const seqSpace = 2 ** (SQN_BITS - cfg.indBits);
  if (!Number.isInteger(cfg.delta) || cfg.delta < 1 || cfg.delta >= seqSpace) {
    throw new InvalidInputError('delta', `must be an integer 1..${seqSpace - 1}`);
  }
  if (cfg.ageLimit !== undefined && (!Number.isInteger(cfg.ageLimit) || cfg.ageLimit < 1)) {
    throw new InvalidInputError('ageLimit', 'must be a positive integer');
  }
  return cfg;
}

export function assertSqn(sqn: number, field = 'sqn'): void {
  if (!Number.isInteger(sqn) || sqn < 0 || sqn >= SQN_MODULUS)
    throw new InvalidInputError(field, 'must be 0..2^48-1');
}

export function sqnToBytes(sqn: number): Buffer {
  assertSqn(sqn);
  const b = Buffer.allocUnsafe(6);
  b.writeUIntBE(sqn, 0, 6);
  return b;
}

export function sqnFromBytes(bytes: Uint8Array): number {
  if (bytes.length !== 6) throw new InvalidInputError('sqn', 'must be 6 bytes');
  return Buffer.from(bytes.buffer, bytes.byteOffset, 6).readUIntBE(0, 6);
}

/** C.1.1: SQN = SEQ ‖ IND. */
export function splitSqn(sqn: number, indBits: number): { seq: number; ind: number } {
  const slots = 2 ** indBits;
  return { seq: Math.floor(sqn / slots), ind: sqn % slots };
}

export function joinSqn(seq: number, ind: number, indBits: number): number {
  const slots = 2 ** indBits;
  const seqSpace = 2 ** (SQN_BITS - indBits);
  return (((seq % seqSpace) + seqSpace) % seqSpace) * slots + (((ind % slots) + slots) % slots);
}

/**
 * The HSS's next SQN (C.2 profile 2): SEQ_HE + 1 ‖ IND. SEQ wraps to 0 after 2^(48−a) − 1, so SQN wraps at
 * 2^48 (docs/decisions.md D-004). IND is the serving node's slot, taken modulo 2^a; when absent the HSS
 * cycles through the slots (IND of the previous SQN + 1).
 */
export function nextSqnHe(sqnHe: number, indBits: number, ind?: number): number {
  assertSqn(sqnHe, 'sqnHe');
  const { seq, ind: lastInd } = splitSqn(sqnHe, indBits);
  return joinSqn(seq + 1, ind ?? lastInd + 1, indBits);
}

export {
  SQN_BITS,
  SQN_MODULUS,
  DEFAULT_SQN_CONFIG,
  validateSqnConfig,
  assertSqn,
  sqnToBytes,
  sqnFromBytes,
  splitSqn,
  joinSqn,
  nextSqnHe,
  type SqnConfig,
} from './sqn.js';
export {
  generateAuthVector,
  toEpsVector,
  to5gHeVector,
  type AuthVector,
  type EpsAuthVector,
  type FiveGHeAuthVector,
} from './vector.js';
export {
  AMF_RESYNC,
  initialUsimSqnState,
  highestSqnMs,
  checkFreshness,
  usimAuthenticate,
  computeAuts,
  type UsimSqnState,
  type FreshnessResult,
  type UsimAuthResult,
} from './usim-checks.js';
export { recoverSqnMs, resynchroniseSqnHe } from './resync.js';
export { AutsMacFailureError } from './errors.js';

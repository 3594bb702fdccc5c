import { CiotsecError } from '../errors/base.js';

/** MAC-S in AUTS does not verify (TS 33.102 §6.3.5): the resynchronisation request is rejected. */
export class AutsMacFailureError extends CiotsecError {
  readonly code = 'ERR_AUTS_MAC_FAILURE';
  override readonly name = 'AutsMacFailureError';

  constructor() {
    super('AUTS rejected: MAC-S does not verify (wrong K/OPc or RAND, or a forged AUTS)');
  }
}

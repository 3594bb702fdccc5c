import { CiotsecError } from '../../errors/base.js';

/** A request asks for more vectors than the HSS hands out at once. */
export class TooManyVectorsError extends CiotsecError {
  readonly code = 'ERR_TOO_MANY_VECTORS';
  override readonly name = 'TooManyVectorsError';
  constructor(requested: number, max: number) {
    super(`requested ${requested} vectors; at most ${max} per request`);
  }
}

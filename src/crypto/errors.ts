import { CiotsecError } from '../errors/base.js';

/** A peer public key that is not a point of the configured curve (off-curve, infinity, wrong form). */
export class InvalidPublicKeyError extends CiotsecError {
  readonly code = 'ERR_INVALID_PUBLIC_KEY';
  override readonly name = 'InvalidPublicKeyError';

  constructor(curve: string, reason: string) {
    super(`public key refused: not a point of ${curve} (${reason})`);
  }
}

/**
 * Decryption whose integrity check fails. One error for every cause (MAC, tag, framing, padding), so
 * that a peer cannot tell them apart.
 */
export class IntegrityCheckError extends CiotsecError {
  readonly code = 'ERR_INTEGRITY_CHECK';
  override readonly name = 'IntegrityCheckError';

  constructor() {
    super('integrity check failed');
  }
}

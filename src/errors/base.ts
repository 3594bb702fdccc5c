/**
 * The one error model of ciotsec: every error thrown by ciotsec code is a `CiotsecError` with a literal
 * `code`. Each interface (CLI, SBI, DTLS) maps codes to its own failure form in one place.
 */
export abstract class CiotsecError extends Error {
  abstract readonly code: string;
  override readonly name: string = 'CiotsecError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Input that does not have the required form: wrong length, not hex, out of range. */
export class InvalidInputError extends CiotsecError {
  readonly code = 'ERR_INVALID_INPUT';
  override readonly name = 'InvalidInputError';

  /** `field` names the parameter at fault, in the caller's vocabulary (e.g. `k`, `--rand`). */
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Configuration that fails validation; `key` is the dotted path of the offending setting. */
export class ConfigError extends CiotsecError {
  readonly code = 'ERR_CONFIG';
  override readonly name = 'ConfigError';

  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`config ${key}: ${message}`);
  }
}

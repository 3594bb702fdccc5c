import { CiotsecError } from '../../errors/base.js';

export class E2mKeyNotFoundError extends CiotsecError {
  readonly code = 'ERR_E2M_KEY_NOT_FOUND';
  override readonly name = 'E2mKeyNotFoundError';
}

export class UeNotAuthorisedError extends CiotsecError {
  readonly code = 'ERR_UE_NOT_AUTHORISED';
  override readonly name = 'UeNotAuthorisedError';
}

export class UnknownUeIdentityError extends CiotsecError {
  readonly code = 'ERR_UNKNOWN_UE_IDENTITY';
  override readonly name = 'UnknownUeIdentityError';
}

export class EmseSessionError extends CiotsecError {
  readonly code = 'ERR_EMSE_SESSION';
  override readonly name = 'EmseSessionError';
}

export class EmseIdMismatchError extends CiotsecError {
  readonly code = 'ERR_EMSE_ID_MISMATCH';
  override readonly name = 'EmseIdMismatchError';
}

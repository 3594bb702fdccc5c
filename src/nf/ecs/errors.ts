import { CiotsecError } from '../../errors/base.js';

/** The registration request lacks the onboarding extension member, or it is malformed. */
export class OnboardingInfoError extends CiotsecError {
  readonly code = 'ERR_ONBOARDING_INFO';
  override readonly name = 'OnboardingInfoError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A third-party certificate that does not parse, is out of its validity, or is not for the CSR's key. */
export class CertificateInvalidError extends CiotsecError {
  readonly code = 'ERR_CERTIFICATE_INVALID';
  override readonly name = 'CertificateInvalidError';
}

/** A third-party certificate whose issuer is not in the ECSP's trust-anchor policy. */
export class CertificateIssuerUntrustedError extends CiotsecError {
  readonly code = 'ERR_CERTIFICATE_ISSUER_UNTRUSTED';
  override readonly name = 'CertificateIssuerUntrustedError';
}

export class ClientCertificateRequiredError extends CiotsecError {
  readonly code = 'ERR_CLIENT_CERTIFICATE_REQUIRED';
  override readonly name = 'ClientCertificateRequiredError';
}

export class ClientCertificateExpiredError extends CiotsecError {
  readonly code = 'ERR_CLIENT_CERTIFICATE_EXPIRED';
  override readonly name = 'ClientCertificateExpiredError';
}

export class ClientCertificateRevokedError extends CiotsecError {
  readonly code = 'ERR_CLIENT_CERTIFICATE_REVOKED';
  override readonly name = 'ClientCertificateRevokedError';
}

export class RegistrationNotFoundError extends CiotsecError {
  readonly code = 'ERR_REGISTRATION_NOT_FOUND';
  override readonly name = 'RegistrationNotFoundError';
}

/** The authenticated EES is not the one the registration is bound to. */
export class RegistrationNotOwnedError extends CiotsecError {
  readonly code = 'ERR_REGISTRATION_NOT_OWNED';
  override readonly name = 'RegistrationNotOwnedError';
}

export class EesIdInUseError extends CiotsecError {
  readonly code = 'ERR_EES_ID_IN_USE';
  override readonly name = 'EesIdInUseError';
}

/** An update that would change the EES identity the certificate is bound to. */
export class EesIdMismatchError extends CiotsecError {
  readonly code = 'ERR_EES_ID_MISMATCH';
  override readonly name = 'EesIdMismatchError';
}

export class SecretTokenMismatchError extends CiotsecError {
  readonly code = 'ERR_SECRET_TOKEN_MISMATCH';
  override readonly name = 'SecretTokenMismatchError';
}

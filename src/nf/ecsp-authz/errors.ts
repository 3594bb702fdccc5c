import { CiotsecError } from '../../errors/base.js';

/**
 * Why an access token is refused (RFC 6750 §3.1: `invalid_token` for all but scope). One class per
 * code; the SBI mapper (sbi/problem.ts) turns each into 401/403 ProblemDetails with its own cause.
 */
export class TokenMissingError extends CiotsecError {
  readonly code = 'ERR_TOKEN_MISSING';
  override readonly name = 'TokenMissingError';
}

/** Malformed, wrongly signed, wrong issuer, wrong `typ` or algorithm, or missing required claims. */
export class TokenInvalidError extends CiotsecError {
  readonly code = 'ERR_TOKEN_INVALID';
  override readonly name = 'TokenInvalidError';
}

export class TokenExpiredError extends CiotsecError {
  readonly code = 'ERR_TOKEN_EXPIRED';
  override readonly name = 'TokenExpiredError';
}

export class TokenAudienceError extends CiotsecError {
  readonly code = 'ERR_TOKEN_AUDIENCE';
  override readonly name = 'TokenAudienceError';
}

export class TokenScopeError extends CiotsecError {
  readonly code = 'ERR_TOKEN_SCOPE';
  override readonly name = 'TokenScopeError';
}

/** The token's `jti` was already used: onboarding tokens are single use. */
export class TokenReplayedError extends CiotsecError {
  readonly code = 'ERR_TOKEN_REPLAYED';
  override readonly name = 'TokenReplayedError';
}

/** RFC 6749 §5.2 error at the token endpoint. */
export class OAuthError extends CiotsecError {
  readonly code = 'ERR_OAUTH';
  override readonly name = 'OAuthError';
  constructor(
    readonly status: 400 | 401,
    readonly error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope',
    message: string,
  ) {
    super(message);
  }
}

export {
  issueAccessToken,
  verifyAccessToken,
  bearerToken,
  AT_JWT_TYP,
  AT_JWT_ALG,
  EECS_EES_REGISTRATION_SCOPE,
  type AccessTokenClaims,
  type AccessTokenPolicy,
  type IssueAccessTokenOptions,
} from './access-token.js';
export {
  TokenMissingError,
  TokenInvalidError,
  TokenExpiredError,
  TokenAudienceError,
  TokenScopeError,
  TokenReplayedError,
  OAuthError,
} from './errors.js';
export { loadOrCreateSigningKey, loadVerificationKey } from './keys.js';
export {
  clientCredentialsGrant,
  hashClientSecret,
  type OAuthClient,
  type TokenResponse,
} from './procedures/client-credentials.js';
export { TOKEN_PATH } from './api/token.js';
export { requestAccessToken } from './client.js';
export { startAuthzServer, type AuthzServer } from './server.js';
export { authzServerConfigSchema, AUTHZ_ENV, type AuthzServerConfig } from './server-config.js';

import { randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import {
  TokenAudienceError,
  TokenExpiredError,
  TokenInvalidError,
  TokenMissingError,
  TokenReplayedError,
  TokenScopeError,
} from './errors.js';

/** RFC 9068 §2.1: the media type of JWT access tokens, in the `typ` header. */
export const AT_JWT_TYP = 'at+jwt';
export const AT_JWT_ALG = 'ES256';

/** The OAuth scope of the Eecs_EESRegistration API (3GPP names scopes after the API). */
export const EECS_EES_REGISTRATION_SCOPE = 'eecs-eesregistration';

/** Claims of an RFC 9068 access token (§2.2). */
export interface AccessTokenClaims {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string;
  readonly client_id: string;
  readonly scope: string;
  readonly jti: string;
  readonly iat: number;
  readonly exp: number;
}

export interface IssueAccessTokenOptions {
  readonly issuer: string;
  readonly clientId: string;
  readonly audience: string;
  readonly scope: string;
  readonly ttlSeconds: number;
  readonly now?: Date;
  readonly jti?: string;
  readonly kid?: string;
}

/**
 * Issues an RFC 9068 JWT access token signed with ES256 (client-credentials grant: `sub` = `client_id`).
 *
 * @example
 * const at = await issueAccessToken(signingKey, { issuer: 'https://as.ecsp.example', clientId: 'ees-provider-1',
 *   audience: 'urn:ciotsec:ecs', scope: EECS_EES_REGISTRATION_SCOPE, ttlSeconds: 600 });
 */
export async function issueAccessToken(key: KeyObject, o: IssueAccessTokenOptions): Promise<string> {
  const iat = Math.floor((o.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ client_id: o.clientId, scope: o.scope })
    .setProtectedHeader({ alg: AT_JWT_ALG, typ: AT_JWT_TYP, ...(o.kid !== undefined ? { kid: o.kid } : {}) })
    .setIssuer(o.issuer)
    .setSubject(o.clientId)
    .setAudience(o.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + o.ttlSeconds)
    .setJti(o.jti ?? randomUUID())
    .sign(key);
}

export interface AccessTokenPolicy {
  readonly key: KeyObject;
  readonly issuer: string;
  readonly audience: string;
  readonly scope: string;
  /** Seconds of clock skew tolerated on `exp`/`iat` (default 0). */
  readonly clockToleranceSeconds?: number;
  /**
   * Records a `jti` as used until `exp`; resolves false when it was used before (single use). Called
   * only for a token that passed every other check.
   */
  readonly consumeJti?: (jti: string, exp: Date) => Promise<boolean>;
}

/** The bearer token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1). */
export function bearerToken(authorization: string | undefined): string {
  const m = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(authorization ?? '');
  if (m === null)
    throw new TokenMissingError('an OAuth 2.0 access token (Authorization: Bearer) is required');
  return m[1]!;
}

/**
 * Validates an RFC 9068 access token (§4): signature with the issuer's key, `typ` at+jwt, ES256 only,
 * issuer, audience, expiry against `now`, the scope, then single use by `jti`. Each failure has its
 * own error code; none says more than which check failed.
 */
export async function verifyAccessToken(
  token: string,
  policy: AccessTokenPolicy,
  now: Date,
): Promise<AccessTokenClaims> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, policy.key, {
      algorithms: [AT_JWT_ALG],
      typ: AT_JWT_TYP,
      issuer: policy.issuer,
      audience: policy.audience,
      currentDate: now,
      clockTolerance: policy.clockToleranceSeconds ?? 0,
      requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'],
    }));
  } catch (cause) {
    if (cause instanceof joseErrors.JWTExpired)
      throw new TokenExpiredError('access token expired', { cause });
    if (cause instanceof joseErrors.JWTClaimValidationFailed && cause.claim === 'aud') {
      throw new TokenAudienceError('access token is not meant for this ECS', { cause });
    }
    throw new TokenInvalidError('access token does not verify', { cause });
  }
  const scopes = typeof payload['scope'] === 'string' ? payload['scope'].split(' ') : [];
  if (!scopes.includes(policy.scope)) throw new TokenScopeError(`access token lacks scope '${policy.scope}'`);
  const claims = payload as unknown as AccessTokenClaims;
  if (typeof claims.jti !== 'string' || claims.jti.length === 0 || claims.jti.length > 128) {
    throw new TokenInvalidError('access token jti is not a short string');
  }
  if (
    policy.consumeJti !== undefined &&
    !(await policy.consumeJti(claims.jti, new Date(claims.exp * 1000)))
  ) {
    throw new TokenReplayedError('access token was already used');
  }
  return claims;
}

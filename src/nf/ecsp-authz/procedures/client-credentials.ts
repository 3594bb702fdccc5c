import { createHash, timingSafeEqual, type KeyObject } from 'node:crypto';
import { OAuthError } from '../errors.js';
import { issueAccessToken } from '../access-token.js';

/** A client registered at the ECSP's authorization server (an EES provider, for onboarding tokens). */
export interface OAuthClient {
  readonly clientId: string;
  /** SHA-256 of the client secret, hex: the server never stores the secret itself. */
  readonly secretSha256: string;
  /** Scopes the client may ask for. */
  readonly scopes: readonly string[];
  /** The resource server (audience) its tokens are for. */
  readonly audience: string;
}

export interface ClientCredentialsContext {
  readonly issuer: string;
  readonly signingKey: KeyObject;
  readonly ttlSeconds: number;
  readonly clients: readonly OAuthClient[];
  readonly now: () => Date;
}

export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly scope: string;
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** RFC 6749 §4.4: the client-credentials grant. The client has authenticated with id and secret. */
export async function clientCredentialsGrant(
  ctx: ClientCredentialsContext,
  req: { grantType: string | undefined; clientId: string; clientSecret: string; scope: string | undefined },
): Promise<TokenResponse> {
  // 1. Authenticate the client (RFC 6749 §3.2.1); an unknown id and a wrong secret fail alike.
  const client = ctx.clients.find((c) => c.clientId === req.clientId);
  const expected = Buffer.from(client?.secretSha256 ?? '00'.repeat(32), 'hex');
  const given = sha256(req.clientSecret);
  if (client === undefined || expected.length !== 32 || !timingSafeEqual(expected, given)) {
    throw new OAuthError(401, 'invalid_client', 'client authentication failed');
  }
  // 2. The grant type.
  if (req.grantType !== 'client_credentials') {
    throw new OAuthError(400, 'unsupported_grant_type', 'only client_credentials is supported');
  }
  // 3. The scope: what was asked for, within what the client may have; all of it when none asked.
  const asked = (req.scope ?? '').split(' ').filter((s) => s !== '');
  const scopes = asked.length === 0 ? [...client.scopes] : asked;
  if (scopes.length === 0 || !scopes.every((s) => client.scopes.includes(s))) {
    throw new OAuthError(400, 'invalid_scope', 'scope not allowed for this client');
  }
  const scope = scopes.join(' ');
  // 4. The RFC 9068 access token.
  const access_token = await issueAccessToken(ctx.signingKey, {
    issuer: ctx.issuer,
    clientId: client.clientId,
    audience: client.audience,
    scope,
    ttlSeconds: ctx.ttlSeconds,
    now: ctx.now(),
  });
  return { access_token, token_type: 'Bearer', expires_in: ctx.ttlSeconds, scope };
}

/** For configuration: the hex SHA-256 of a client secret. */
export function hashClientSecret(secret: string): string {
  return sha256(secret).toString('hex');
}

import type { FastifyInstance } from 'fastify';
import { OAuthError } from '../errors.js';
import { clientCredentialsGrant, type ClientCredentialsContext } from '../procedures/client-credentials.js';

export const TOKEN_PATH = '/oauth2/token';

/** Client id and secret from HTTP Basic (RFC 6749 §2.3.1, form-encoded parts) or from the body. */
function clientOf(
  authorization: string | undefined,
  body: Record<string, string>,
): { id: string; secret: string } {
  const m = /^Basic ([A-Za-z0-9+/]+=*)$/.exec(authorization ?? '');
  if (m !== null) {
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) {
      return {
        id: decodeURIComponent(decoded.slice(0, i).replace(/\+/g, ' ')),
        secret: decodeURIComponent(decoded.slice(i + 1).replace(/\+/g, ' ')),
      };
    }
  }
  const id = body['client_id'];
  const secret = body['client_secret'];
  if (typeof id === 'string' && typeof secret === 'string') return { id, secret };
  throw new OAuthError(401, 'invalid_client', 'client authentication is required');
}

/** POST /oauth2/token (RFC 6749 §4.4.2, form-encoded); answers are never cached (§5.1). */
export function registerTokenEndpoint(app: FastifyInstance, ctx: ClientCredentialsContext): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.post(TOKEN_PATH, async (request, reply) => {
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
      string,
      string
    >;
    try {
      const client = clientOf(request.headers.authorization, body);
      return await clientCredentialsGrant(ctx, {
        grantType: body['grant_type'],
        clientId: client.id,
        clientSecret: client.secret,
        scope: body['scope'],
      });
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
      if (err.status === 401) reply.header('www-authenticate', 'Basic realm="ciotsec-authz"');
      return reply.code(err.status).send({ error: err.error, error_description: err.message });
    }
  });
}

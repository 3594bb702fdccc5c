import Fastify, { type FastifyInstance } from 'fastify';
import { initEcspDir, ecspServerTls } from '../../pki/index.js';
import { tlsOptions } from '../../sbi/tls-profile.js';
import { closeSbiServer, trackHttp2Sessions } from '../../sbi/server.js';
import { PROBLEM_JSON, toProblem } from '../../sbi/problem.js';
import { registerTokenEndpoint } from './api/token.js';
import { loadOrCreateSigningKey } from './keys.js';
import type { AuthzServerConfig } from './server-config.js';

export interface AuthzServer {
  readonly app: FastifyInstance;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * `ciotsec serve ecsp-authz`: the ECSP's authorization server. HTTPS (HTTP/2, server-authenticated TLS on
 * the ECSP CA) with one endpoint, the client-credentials grant; tokens per RFC 9068, ES256.
 */
export async function startAuthzServer(
  cfg: AuthzServerConfig,
  overrides: { now?: () => Date } = {},
): Promise<AuthzServer> {
  await initEcspDir(cfg.ecspDir);
  const tls = ecspServerTls(cfg.ecspDir, 'authz');
  const { privateKey } = loadOrCreateSigningKey(cfg.signingKey);
  const app = Fastify({
    http2: true,
    https: { allowHTTP1: false, ...tlsOptions(tls) },
    bodyLimit: 8 * 1024,
    logger: false,
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
  trackHttp2Sessions(app);
  app.setErrorHandler(async (err, request, reply) => {
    const p = toProblem(err, request.url);
    return reply.code(p.status).type(PROBLEM_JSON).send(p);
  });
  registerTokenEndpoint(app, {
    issuer: cfg.issuer,
    signingKey: privateKey,
    ttlSeconds: cfg.tokenTtlSeconds,
    clients: cfg.clients,
    now: overrides.now ?? (() => new Date()),
  });
  await app.listen({ host: cfg.listen.host, port: cfg.listen.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : cfg.listen.port;
  return { app, url: `https://${cfg.listen.host}:${port}`, close: () => closeSbiServer(app) };
}

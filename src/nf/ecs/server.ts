import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { resolveMasterKey } from '../../config/master-key.js';
import { ConfigError } from '../../errors/base.js';
import { ecspServerTls, initEcspDir, loadEcspCa } from '../../pki/index.js';
import { PROBLEM_JSON, toProblem } from '../../sbi/problem.js';
import { tlsOptions } from '../../sbi/tls-profile.js';
import { closeSbiServer, trackHttp2Sessions } from '../../sbi/server.js';
import { loadOrCreateSigningKey, loadVerificationKey } from '../ecsp-authz/index.js';
import { registerEcsRoutes } from './api/routes.js';
import type { EcsContext } from './context.js';
import { ecsEvents } from './events.js';
import { expireRegistrations } from './procedures/ees-registration.js';
import { secretTokenKey } from './secret-token.js';
import type { EcsServerConfig } from './server-config.js';
import type { EcsStore } from './store/ecs-store.js';
import { SqliteEcsStore } from './store/sqlite-ecs-store.js';

export interface EcsServer {
  readonly app: FastifyInstance;
  readonly store: EcsStore;
  readonly url: string;
  /** Implicit deregistration now (the server also runs it every `registration.sweepSeconds`). */
  sweep(): Promise<number>;
  /** Puts a certificate on the ECS's revocation list (by the SHA-256 of its DER, hex). */
  revoke(certSha256: string, serial: string, reason: string): Promise<void>;
  close(): Promise<void>;
}

export interface EcsOverrides {
  readonly now?: () => Date;
  readonly store?: EcsStore;
}

function readAnchor(file: string): X509Certificate {
  try {
    return new X509Certificate(readFileSync(file));
  } catch (cause) {
    throw new ConfigError('trustAnchors', `${file} is not a PEM certificate: ${(cause as Error).message}`);
  }
}

/**
 * `ciotsec serve ecs`: the Edge Configuration Server with EDGE-6 Eecs_EESRegistration (TS 29.558) and
 * EES onboarding (seed 002). HTTP/2 over TLS (TS 33.558, TLS profile of TS 33.210/33.310): every
 * session is server-authenticated with the ECSP CA; a client certificate is asked for but only the
 * operations after onboarding require one (they check it themselves, procedures/client-certificate.ts).
 */
export async function startEcsServer(cfg: EcsServerConfig, overrides: EcsOverrides = {}): Promise<EcsServer> {
  await initEcspDir(cfg.ecspDir);
  const tls = ecspServerTls(cfg.ecspDir, 'ecs');
  const trustAnchors = cfg.trustAnchors.map(readAnchor);
  // The embedded default: the ECSP's authorization server key pair lives beside the ECSP CA.
  const defaultKey = join(cfg.ecspDir, 'authz-signing.key');
  if (cfg.onboarding.tokenKey === `${defaultKey}.pub`) loadOrCreateSigningKey(defaultKey);
  const tokenKey = loadVerificationKey(cfg.onboarding.tokenKey);
  const masterKey = resolveMasterKey(process.env, join(cfg.dataDir, 'master.key')).key;
  const store = overrides.store ?? SqliteEcsStore.open(cfg.store.sqlite);
  const ctx: EcsContext = {
    store,
    ca: loadEcspCa(cfg.ecspDir),
    trustAnchors,
    tokenPolicy: {
      key: tokenKey,
      issuer: cfg.onboarding.issuer,
      audience: cfg.onboarding.audience,
      scope: cfg.onboarding.scope,
      clockToleranceSeconds: cfg.onboarding.clockToleranceSeconds,
    },
    registration: {
      defaultSeconds: cfg.registration.defaultSeconds,
      maxSeconds: cfg.registration.maxSeconds,
    },
    certificateValidDays: cfg.certificateValidDays,
    secretTokenKey: cfg.secretToken ? secretTokenKey(masterKey.export()) : undefined,
    now: overrides.now ?? (() => new Date()),
  };
  const app = Fastify({
    http2: true,
    https: {
      allowHTTP1: false,
      ...tlsOptions(tls),
      ca: [tls.ca, ...trustAnchors.map((a) => a.toString())],
      requestCert: true,
      rejectUnauthorized: false,
    },
    bodyLimit: 64 * 1024,
    logger: false,
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
  trackHttp2Sessions(app);
  app.setErrorHandler(async (err, request, reply) => {
    const p = toProblem(err, request.url);
    ecsEvents.refused({
      operation: `${request.method} ${request.routeOptions.url ?? ''}`,
      code: p.cause ?? '',
    });
    // RFC 6750 §3: a refused bearer token is announced in WWW-Authenticate.
    if (p.status === 401 && p.cause?.startsWith('TOKEN_') === true)
      reply.header(
        'www-authenticate',
        `Bearer error="${p.cause === 'TOKEN_MISSING' ? 'invalid_request' : 'invalid_token'}"`,
      );
    if (p.status === 403 && p.cause === 'INSUFFICIENT_SCOPE')
      reply.header('www-authenticate', 'Bearer error="insufficient_scope"');
    return reply.code(p.status).type(PROBLEM_JSON).send(p);
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply
      .code(404)
      .type(PROBLEM_JSON)
      .send({
        title: 'Not Found',
        status: 404,
        cause: 'RESOURCE_NOT_FOUND',
        detail: `${request.method} ${request.url}`,
      }),
  );
  registerEcsRoutes(app, ctx);
  await app.listen({ host: cfg.listen.host, port: cfg.listen.port });
  const timer = setInterval(
    () => void expireRegistrations(ctx).catch(() => undefined),
    cfg.registration.sweepSeconds * 1000,
  );
  timer.unref();
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : cfg.listen.port;
  return {
    app,
    store,
    url: `https://${cfg.listen.host}:${port}`,
    sweep: () => expireRegistrations(ctx),
    revoke: (certSha256, serial, reason) =>
      store.revoke({ certSha256, serial, reason, revokedAt: ctx.now().toISOString() }),
    async close() {
      clearInterval(timer);
      await closeSbiServer(app);
      await store.close();
    },
  };
}

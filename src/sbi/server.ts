import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { X509Certificate } from 'node:crypto';
import type { Http2Session } from 'node:http2';
import { nfIdentityOf, type NfIdentity } from '../pki/identity.js';
import { PROBLEM_JSON, toProblem, unauthenticated } from './problem.js';
import { isTlsSocket, tlsOptions, type TlsMaterial } from './tls-profile.js';

export interface SbiServerOptions {
  readonly tls: TlsMaterial;
  /** Largest request body accepted, bytes (default 64 KiB). */
  readonly bodyLimit?: number;
  /** Called for every answered error (5xx with the original error) — for logs without secrets. */
  readonly onError?: (err: unknown, status: number) => void;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The calling network function, from its client certificate (set for every request). */
    peer: NfIdentity;
  }
}

const SESSIONS = new WeakMap<FastifyInstance, Set<Http2Session>>();

/** Remembers the HTTP/2 sessions of a fastify server, for closeSbiServer(). */
export function trackHttp2Sessions(app: FastifyInstance): void {
  const sessions = new Set<Http2Session>();
  app.server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  SESSIONS.set(app, sessions);
}

/**
 * Closes an SBI server without waiting on clients that keep their HTTP/2 session open: the sessions
 * are destroyed, then fastify closes. Requests still in flight at that moment are cut off; stop the
 * callers first for a graceful shutdown.
 */
export async function closeSbiServer(app: FastifyInstance): Promise<void> {
  for (const session of SESSIONS.get(app) ?? []) session.destroy();
  await app.close();
}

/** Identities by TLS socket: a connection's certificate is parsed once, not per request. */
const identities = new WeakMap<object, NfIdentity>();

/** The peer's NF identity from its verified client certificate; 401 when there is none. */
function peerOf(request: FastifyRequest): NfIdentity {
  const socket = request.raw.socket;
  if (!isTlsSocket(socket) || !socket.authorized) {
    throw unauthenticated('a client certificate issued by the operator NF CA is required');
  }
  // Http2ServerRequest.socket is a proxy per stream; the session's socket is the stable key.
  const key =
    ((request.raw as { stream?: { session?: { socket?: object } } }).stream?.session?.socket as
      object | undefined) ?? socket;
  const known = identities.get(key);
  if (known !== undefined) return known;
  const raw = socket.getPeerCertificate(false)?.raw;
  if (raw === undefined) throw unauthenticated('no client certificate');
  const id = nfIdentityOf(new X509Certificate(raw));
  identities.set(key, id);
  return id;
}

/**
 * An SBI server: HTTP/2 over TLS with client certificates (TS 33.310 Annex E profile). The TLS layer
 * asks every client for a certificate; a request without a valid one, or whose certificate carries no
 * NF identity, is answered 401 ProblemDetails. All errors leave through one mapper (problem.ts).
 */
export function createSbiServer(opts: SbiServerOptions): FastifyInstance {
  const app = Fastify({
    http2: true,
    https: { allowHTTP1: false, ...tlsOptions(opts.tls), requestCert: true, rejectUnauthorized: false },
    bodyLimit: opts.bodyLimit ?? 64 * 1024,
    logger: false,
    return503OnClosing: true,
  }) as unknown as FastifyInstance;
  // Node 20's HTTP/2 server has no closeHttp2Sessions(), so fastify's close() would wait for every
  // client that keeps its session open (the SbiClient does, by design): closeSbiServer() ends them.
  trackHttp2Sessions(app);
  app.decorateRequest('peer', null as unknown as NfIdentity);
  app.addHook('onRequest', async (request) => {
    request.peer = peerOf(request);
  });
  app.setErrorHandler(async (err, request, reply) => {
    const problem = toProblem(err, request.url);
    opts.onError?.(err, problem.status);
    return reply.code(problem.status).type(PROBLEM_JSON).send(problem);
  });
  app.setNotFoundHandler(async (request, reply) => {
    // Unauthenticated callers learn nothing about which paths exist.
    try {
      request.peer = peerOf(request);
    } catch (err) {
      const p = toProblem(err, request.url);
      return reply.code(p.status).type(PROBLEM_JSON).send(p);
    }
    return reply
      .code(404)
      .type(PROBLEM_JSON)
      .send({
        title: 'Not Found',
        status: 404,
        cause: 'RESOURCE_NOT_FOUND',
        detail: `${request.method} ${request.url}`,
      });
  });
  return app;
}

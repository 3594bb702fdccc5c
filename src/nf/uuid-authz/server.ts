import { randomBytes, type KeyObject } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { closeSbiServer, createSbiServer } from '../../sbi/server.js';
import { forbidden, HttpProblemError, notFound } from '../../sbi/problem.js';
import type { TlsMaterial } from '../../sbi/tls-profile.js';
import { nfIdString } from '../../pki/identity.js';
import { signToken } from '../../initial-attach/atk.js';
import { authorisationFields, type Authorisation } from '../../initial-attach/authorisation.js';
import { parseUuid } from '../../initial-attach/uuid-ue.js';
import { memoryUuidStore, type UuidStore } from './store.js';
import { uuidAuthzEvents } from './events.js';

export interface UuidAuthzOptions {
  readonly tls: TlsMaterial;
  /** Signs authorisations (ES256): the server's own key of its NF certificate. */
  readonly signingKey: KeyObject;
  readonly host?: string;
  readonly port?: number;
  /** Limits of the conditional data channel stated in every authorisation. */
  readonly limits?: { readonly maxBytes: number; readonly maxSeconds: number };
  /** How long a serving network may take to use an authorisation. */
  readonly authorisationTtlSeconds?: number;
  /** NF types allowed per operation (defaults: register sp, authorise sn). */
  readonly allowed?: { readonly register: readonly string[]; readonly authorise: readonly string[] };
  readonly clock?: () => Date;
  readonly store?: UuidStore;
}

export interface UuidAuthzServer {
  readonly url: string;
  readonly port: number;
  readonly app: FastifyInstance;
  readonly store: UuidStore;
  close(): Promise<void>;
}

const UUID = { type: 'string', pattern: '^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$' } as const;

/**
 * The Authorization Server of seed 004 (identified by its FQDN): the UUID database (step 0-b), the
 * Initial Attach Service Request/Response (steps 2–3: one signed, one-time authorisation per UUID
 * with the limits of the conditional data channel) and the Acknowledge (step 9 of the figure's 10).
 *
 * @example
 * const as = await startUuidAuthzServer({ tls, signingKey, limits: { maxBytes: 65536, maxSeconds: 600 } });
 */
export async function startUuidAuthzServer(o: UuidAuthzOptions): Promise<UuidAuthzServer> {
  const app = createSbiServer({ tls: o.tls });
  const store = o.store ?? memoryUuidStore();
  const clock = o.clock ?? (() => new Date());
  const limits = o.limits ?? { maxBytes: 64 * 1024, maxSeconds: 600 };
  const allowed = o.allowed ?? { register: ['sp'], authorise: ['sn'] };
  const guard = (type: string, list: readonly string[], what: string): void => {
    if (!list.includes(type)) throw forbidden(`NF type '${type}' may not ${what}`);
  };

  app.post<{ Body: { uuid: string; treBinding?: string } }>(
    '/uuid-authz/v1/uuids',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['uuid'],
          properties: { uuid: UUID, treBinding: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' } },
        },
      },
    },
    async (request, reply) => {
      guard(request.peer.type, allowed.register, 'register UUIDs');
      const uuid = request.body.uuid.toLowerCase();
      const ok = store.add({
        uuid,
        sp: nfIdString(request.peer),
        state: 'registered',
        treBinding:
          request.body.treBinding !== undefined ? Buffer.from(request.body.treBinding, 'hex') : null,
      });
      if (!ok) throw new HttpProblemError(409, 'UUID_ALREADY_REGISTERED', 'UUID_UE is already registered');
      uuidAuthzEvents.procedure({ procedure: 'registered', uuid, peer: nfIdString(request.peer) });
      return reply.code(201).send({ uuid, state: 'registered' });
    },
  );

  app.get<{ Params: { uuid: string } }>('/uuid-authz/v1/uuids/:uuid', async (request) => {
    guard(request.peer.type, allowed.register, 'read UUIDs');
    const r = store.get(request.params.uuid.toLowerCase());
    if (r === undefined || r.sp !== nfIdString(request.peer))
      throw notFound('unknown UUID_UE', 'UUID_NOT_FOUND');
    return { uuid: r.uuid, state: r.state, ...(r.sn !== undefined ? { servingNetwork: r.sn } : {}) };
  });

  // Steps 2–3: Initial Attach Service Request → signed authorisation (one per UUID).
  app.post<{ Body: { uuid: string } }>(
    '/uuid-authz/v1/initial-attach-authorisations',
    {
      schema: {
        body: { type: 'object', additionalProperties: false, required: ['uuid'], properties: { uuid: UUID } },
      },
    },
    async (request, reply) => {
      guard(request.peer.type, allowed.authorise, 'request initial attach authorisations');
      const uuid = request.body.uuid.toLowerCase();
      const peer = nfIdString(request.peer);
      const r = store.get(uuid);
      if (r === undefined) {
        uuidAuthzEvents.procedure({ procedure: 'refused', uuid, peer, cause: 'UUID_NOT_FOUND' });
        throw notFound('UUID_UE is not in the database', 'UUID_NOT_FOUND');
      }
      if (r.state !== 'registered') {
        uuidAuthzEvents.procedure({ procedure: 'refused', uuid, peer, cause: 'UUID_ALREADY_USED' });
        throw new HttpProblemError(403, 'UUID_ALREADY_USED', 'UUID_UE has already been authorised once');
      }
      const now = Math.floor(clock().getTime() / 1000);
      const a: Authorisation = {
        authzId: randomBytes(16),
        uuid: parseUuid(uuid),
        sn: peer,
        maxBytes: limits.maxBytes,
        maxSeconds: limits.maxSeconds,
        issuedAt: now,
        expiresAt: now + (o.authorisationTtlSeconds ?? 300),
        treBinding: r.treBinding,
      };
      r.state = 'authorised';
      r.sn = peer;
      store.setAuthzId(r, a.authzId.toString('hex'));
      uuidAuthzEvents.procedure({ procedure: 'authorised', uuid, peer });
      const token = signToken(o.signingKey, authorisationFields(a));
      return reply.code(201).send({ authorisation: token.toString('base64url') });
    },
  );

  // Step 9 of the text (10 in the figure): Initial Attach Service Acknowledge.
  app.post<{ Params: { authzId: string } }>(
    '/uuid-authz/v1/initial-attach-authorisations/:authzId/acknowledge',
    async (request, reply) => {
      guard(request.peer.type, allowed.authorise, 'acknowledge initial attaches');
      const r = store.byAuthzId(request.params.authzId.toLowerCase());
      if (r === undefined || r.sn !== nfIdString(request.peer))
        throw notFound('unknown authorisation', 'AUTHORISATION_NOT_FOUND');
      r.state = 'connected';
      r.acknowledgedAt = Math.floor(clock().getTime() / 1000);
      uuidAuthzEvents.procedure({ procedure: 'acknowledged', uuid: r.uuid, peer: nfIdString(request.peer) });
      return reply.code(204).send();
    },
  );

  await app.listen({ host: o.host ?? '127.0.0.1', port: o.port ?? 0 });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return {
    url: `https://${o.host ?? '127.0.0.1'}:${port}`,
    port,
    app,
    store,
    close: () => closeSbiServer(app),
  };
}

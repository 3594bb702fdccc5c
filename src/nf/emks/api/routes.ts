import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, badRequest } from '../../../sbi/problem.js';
import { acceptXmlBodies, bodyOf, sendNegotiated } from '../../../sbi/xml.js';
import type { EmksContext } from '../context.js';
import { registerAnchorKey } from '../procedures/anchor-key.js';
import { deregisterEmse, fetchE2mKey, registerEmse, subscribe } from '../procedures/emse-session.js';

export const EMKS_BASE = '/nemks-e2m/v1';

export interface EmksAuthorization {
  /** NF types that may push anchor keys (the HSS). */
  anchorKeys: string[];
  /** NF types that are EMSEs. */
  emse: string[];
  /** NF types that may provision identities and authorisations (OAM). */
  provisioning: string[];
}

const str = (o: Record<string, unknown>, k: string, max = 256): string => {
  const v = o[k];
  if (typeof v !== 'string' || v.length === 0 || v.length > max)
    throw badRequest(`'${k}' must be a non-empty string`, 'MANDATORY_IE_INCORRECT', k);
  return v;
};

const seqOf = (v: unknown): number | undefined => {
  if (v === undefined) return undefined;
  const n = typeof v === 'string' && /^[0-9]{1,15}$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw badRequest("'ciotsec:seq' must be a non-negative integer", 'MANDATORY_IE_INCORRECT', 'ciotsec:seq');
  }
  return n;
};

const ueIdsOf = (o: Record<string, unknown>): string[] => {
  const v = o['ueIds'] ?? o['ueId'];
  const list = Array.isArray(v) ? v : typeof v === 'string' ? [v] : undefined;
  if (
    list === undefined ||
    list.length === 0 ||
    list.length > 1000 ||
    !list.every((u) => typeof u === 'string' && u.length > 0 && u.length <= 256)
  ) {
    throw badRequest("'ueIds' must be a list of 1 to 1000 identities", 'MANDATORY_IE_INCORRECT', 'ueIds');
  }
  return list as string[];
};

/**
 * The EMKS's RESTful interface (seed 001 clause 6.x.2.2), one handler per operation; JSON or XML bodies.
 * docs/openapi/emks.yaml describes it.
 */
export function registerEmksRoutes(app: FastifyInstance, ctx: EmksContext, authz: EmksAuthorization): void {
  acceptXmlBodies(app);
  const must = (request: FastifyRequest, allowed: string[], what: string): void => {
    if (!allowed.includes(request.peer.type))
      throw forbidden(`NF type '${request.peer.type}' may not ${what}`);
  };

  // HSS → EMKS push, modelled on Naanf_AKMA_AnchorKey_Register (TS 29.535).
  app.post(`${EMKS_BASE}/anchor-keys`, async (request, reply) => {
    must(request, authz.anchorKeys, 'register anchor keys');
    const b = bodyOf(request, 'AkmaKeyInfo');
    const outcome = await registerAnchorKey(ctx, {
      supi: str(b, 'supi'),
      aKId: str(b, 'aKId', 8),
      kAkma: str(b, 'kAkma', 64),
      seq: seqOf(b['ciotsec:seq']),
    });
    return reply.code(outcome === 'created' || outcome === 'replaced' ? 201 : 200).send({ outcome });
  });

  // EMSE registration: POST with EMSE_Id → 201 Created with a session id.
  app.post(`${EMKS_BASE}/emse-sessions`, async (request, reply) => {
    must(request, authz.emse, 'register as EMSE');
    const b = bodyOf(request, 'EmseRegistration');
    const s = await registerEmse(ctx, request.peer, str(b, 'emseId', 64));
    reply.code(201).header('location', `${EMKS_BASE}/emse-sessions/${s.sessionId}`);
    return sendNegotiated(request, reply, 'EmseSession', { sessionId: s.sessionId, emseId: s.emseId });
  });

  // Key fetch: GET with UE identity and key identifier → e2m_key.
  app.get<{ Params: { sessionId: string }; Querystring: { ueId?: string; keyId?: string } }>(
    `${EMKS_BASE}/emse-sessions/:sessionId/e2m-keys`,
    async (request, reply) => {
      must(request, authz.emse, 'fetch keys');
      const q = request.query as Record<string, unknown>;
      const release = await fetchE2mKey(
        ctx,
        request.peer,
        request.params.sessionId,
        str(q, 'ueId'),
        str(q, 'keyId', 8),
      );
      return sendNegotiated(request, reply, 'E2mKey', { ...release });
    },
  );

  // Deregistration.
  app.delete<{ Params: { sessionId: string } }>(
    `${EMKS_BASE}/emse-sessions/:sessionId`,
    async (request, reply) => {
      must(request, authz.emse, 'deregister');
      await deregisterEmse(ctx, request.peer, request.params.sessionId);
      return reply.code(204).send();
    },
  );

  // Subscription to new keys for a set of UEs; the EMKS notifies notifyUri as an HTTP client.
  app.post<{ Params: { sessionId: string } }>(
    `${EMKS_BASE}/emse-sessions/:sessionId/subscriptions`,
    async (request, reply) => {
      must(request, authz.emse, 'subscribe');
      const b = bodyOf(request, 'Subscription');
      const notifyUri = str(b, 'notifyUri', 512);
      if (!/^https:\/\//.test(notifyUri))
        throw badRequest("'notifyUri' must be an https URI", 'MANDATORY_IE_INCORRECT', 'notifyUri');
      const r = await subscribe(ctx, request.peer, request.params.sessionId, notifyUri, ueIdsOf(b));
      reply
        .code(201)
        .header(
          'location',
          `${EMKS_BASE}/emse-sessions/${request.params.sessionId}/subscriptions/${r.subscriptionId}`,
        );
      return sendNegotiated(request, reply, 'SubscriptionCreated', r);
    },
  );

  // Provisioning (OAM): application-layer identity → IMSI, and EMSE authorisations.
  app.put<{ Params: { ueId: string } }>('/nemks-prov/v1/identities/:ueId', async (request, reply) => {
    must(request, authz.provisioning, 'provision identities');
    const b = bodyOf(request, 'Identity');
    const imsi = str(b, 'imsi', 15);
    if (!/^[0-9]{6,15}$/.test(imsi))
      throw badRequest("'imsi' must be 6 to 15 digits", 'MANDATORY_IE_INCORRECT', 'imsi');
    await ctx.store.setIdentity(request.params.ueId, imsi);
    return reply.code(204).send();
  });

  app.put<{ Params: { emseId: string } }>('/nemks-prov/v1/authorisations/:emseId', async (request, reply) => {
    must(request, authz.provisioning, 'provision authorisations');
    await ctx.store.setAuthorisations(request.params.emseId, ueIdsOf(bodyOf(request, 'Authorisation')));
    return reply.code(204).send();
  });

  app.get<{ Querystring: { limit?: string } }>('/nemks-prov/v1/audit', async (request) => {
    must(request, authz.provisioning, 'read the audit log');
    const limit = Math.min(1000, Math.max(1, Number(request.query.limit ?? 100) || 100));
    return { records: await ctx.store.auditLog(limit) };
  });
}

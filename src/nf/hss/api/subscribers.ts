import type { FastifyInstance } from 'fastify';
import { computeOpc } from '../../../crypto/milenage.js';
import { fromHex } from '../../../crypto/bytes.js';
import { SecretKey } from '../../../crypto/secret-key.js';
import { validateImsi, SubscriberNotFoundError } from '../../../store/subscriber-store.js';
import { forbidden } from '../../../sbi/problem.js';
import type { HssContext } from '../context.js';

interface CreateBody {
  imsi: string;
  k: string;
  op?: string;
  opc?: string;
  amf?: string;
  sqn?: number;
  profile?: { e2m?: boolean; e2e?: boolean };
}

const HEX32 = { type: 'string', pattern: '^[0-9a-fA-F]{32}$' } as const;

/** Subscriber provisioning (operator OAM): create, read (never K/OPc), delete. */
export function registerSubscribers(app: FastifyInstance, ctx: HssContext, allowed: readonly string[]): void {
  const guard = (type: string): void => {
    if (!allowed.includes(type)) throw forbidden(`NF type '${type}' may not provision subscribers`);
  };
  const imsiParams = {
    type: 'object',
    properties: { imsi: { type: 'string', pattern: '^[0-9]{6,15}$' } },
    required: ['imsi'],
  } as const;

  app.post<{ Body: CreateBody }>(
    '/hss-prov/v1/subscribers',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['imsi', 'k'],
          oneOf: [{ required: ['op'] }, { required: ['opc'] }],
          properties: {
            imsi: { type: 'string', pattern: '^[0-9]{6,15}$' },
            k: HEX32,
            op: HEX32,
            opc: HEX32,
            amf: { type: 'string', pattern: '^[0-9a-fA-F]{4}$' },
            sqn: { type: 'integer', minimum: 0, maximum: 281474976710655 },
            profile: {
              type: 'object',
              additionalProperties: false,
              properties: { e2m: { type: 'boolean' }, e2e: { type: 'boolean' } },
            },
          },
        },
      },
    },
    async (request, reply) => {
      guard(request.peer.type);
      const b = request.body;
      const k = fromHex(b.k, 'k', 16);
      const opc = b.opc !== undefined ? fromHex(b.opc, 'opc', 16) : computeOpc(k, fromHex(b.op!, 'op', 16));
      await ctx.store.add({
        imsi: validateImsi(b.imsi),
        k: SecretKey.from(k),
        opc: SecretKey.from(opc),
        amf: fromHex(b.amf ?? '8000', 'amf', 2),
        ...(b.sqn !== undefined ? { sqn: b.sqn } : {}),
        profile: { e2m: b.profile?.e2m ?? false, e2e: b.profile?.e2e ?? false },
      });
      return reply
        .code(201)
        .header('location', `/hss-prov/v1/subscribers/${b.imsi}`)
        .send(await view(ctx, b.imsi));
    },
  );

  app.get<{ Params: { imsi: string } }>(
    '/hss-prov/v1/subscribers/:imsi',
    { schema: { params: imsiParams } },
    async (request) => {
      guard(request.peer.type);
      return view(ctx, request.params.imsi);
    },
  );

  app.delete<{ Params: { imsi: string } }>(
    '/hss-prov/v1/subscribers/:imsi',
    { schema: { params: imsiParams } },
    async (request, reply) => {
      guard(request.peer.type);
      if (!(await ctx.store.remove(request.params.imsi)))
        throw new SubscriberNotFoundError(request.params.imsi);
      return reply.code(204).send();
    },
  );
}

/** What may be shown of a subscriber: never K or OPc, only their fingerprints. */
export async function view(ctx: HssContext, imsi: string) {
  const s = await ctx.store.get(imsi);
  if (s === undefined) throw new SubscriberNotFoundError(imsi);
  return {
    imsi: s.imsi,
    amf: s.amf.toString('hex'),
    sqn: s.sqn,
    profile: s.profile,
    kFingerprint: s.k.fingerprint,
    opcFingerprint: s.opc.fingerprint,
  };
}

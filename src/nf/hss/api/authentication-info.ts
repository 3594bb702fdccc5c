import type { FastifyInstance } from 'fastify';
import { fromHex, toHex } from '../../../crypto/bytes.js';
import { validateImsi } from '../../../store/subscriber-store.js';
import { forbidden } from '../../../sbi/problem.js';
import type { HssContext } from '../context.js';
import { authenticationInfo, type VectorType } from '../procedures/authentication-info.js';

interface Body {
  vectorType: VectorType;
  numVectors?: number;
  servingNetworkId?: string;
  ind?: number;
  resynchronizationInfo?: { rand: string; auts: string };
}

const HEX = '^[0-9a-fA-F]*$';

/**
 * POST /hss-ueau/v1/{imsi}/authentication-info — the serving network's Authentication Information
 * Request (TS 29.272 S6a AIR semantics, JSON after TS 29.503 GenerateAuthData; D-013).
 */
export function registerAuthenticationInfo(
  app: FastifyInstance,
  ctx: HssContext,
  allowed: readonly string[],
): void {
  app.post<{ Params: { imsi: string }; Body: Body }>(
    '/hss-ueau/v1/:imsi/authentication-info',
    {
      schema: {
        params: {
          type: 'object',
          properties: { imsi: { type: 'string', pattern: '^[0-9]{6,15}$' } },
          required: ['imsi'],
        },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['vectorType'],
          properties: {
            vectorType: { type: 'string', enum: ['umts', 'eps'] },
            numVectors: { type: 'integer', minimum: 1, maximum: 32 },
            servingNetworkId: { type: 'string', pattern: HEX, minLength: 6, maxLength: 6 },
            ind: { type: 'integer', minimum: 0, maximum: 65535 },
            resynchronizationInfo: {
              type: 'object',
              additionalProperties: false,
              required: ['rand', 'auts'],
              properties: {
                rand: { type: 'string', pattern: HEX, minLength: 32, maxLength: 32 },
                auts: { type: 'string', pattern: HEX, minLength: 28, maxLength: 28 },
              },
            },
          },
        },
      },
    },
    async (request) => {
      if (!allowed.includes(request.peer.type))
        throw forbidden(`NF type '${request.peer.type}' may not request vectors`);
      const b = request.body;
      const r = await authenticationInfo(ctx, {
        imsi: validateImsi(request.params.imsi),
        vectorType: b.vectorType,
        count: b.numVectors ?? 1,
        ...(b.servingNetworkId !== undefined
          ? { servingNetworkId: fromHex(b.servingNetworkId, 'servingNetworkId', 3) }
          : {}),
        ...(b.ind !== undefined ? { ind: b.ind } : {}),
        ...(b.resynchronizationInfo !== undefined
          ? {
              resync: {
                rand: fromHex(b.resynchronizationInfo.rand, 'rand', 16),
                auts: fromHex(b.resynchronizationInfo.auts, 'auts', 14),
              },
            }
          : {}),
      });
      ctx.onE2mQueued?.();
      return {
        vectorType: r.vectorType,
        authenticationVectors: r.vectors.map((v) =>
          'kasme' in v
            ? { rand: toHex(v.rand), xres: toHex(v.xres), autn: toHex(v.autn), kasme: toHex(v.kasme) }
            : {
                rand: toHex(v.rand),
                xres: toHex(v.xres),
                autn: toHex(v.autn),
                ck: toHex(v.ck),
                ik: toHex(v.ik),
              },
        ),
      };
    },
  );
}

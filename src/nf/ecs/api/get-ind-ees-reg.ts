import type { FastifyInstance } from 'fastify';
import type { EcsContext } from '../context.js';
import { authenticateEes } from '../procedures/client-certificate.js';
import { ownedRegistration, toEesRegistration } from '../procedures/ees-registration.js';
import { peerCertificateOf } from './peer.js';
import { checkResponse } from './validate.js';
import { EECS_BASE } from './paths.js';

/** GetIndEESReg: GET …/registrations/{registrationId} → 200 EESRegistration, over mutual TLS. */
export function registerGetIndEesReg(app: FastifyInstance, ctx: EcsContext): void {
  app.get<{ Params: { registrationId: string } }>(
    `${EECS_BASE}/registrations/:registrationId`,
    async (request) => {
      const ees = await authenticateEes(ctx, peerCertificateOf(request));
      const r = await ownedRegistration(ctx, ees, request.params.registrationId);
      const body = toEesRegistration(r);
      checkResponse('EESRegistration', body);
      return body;
    },
  );
}

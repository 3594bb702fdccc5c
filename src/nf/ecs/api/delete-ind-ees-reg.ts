import type { FastifyInstance } from 'fastify';
import type { EcsContext } from '../context.js';
import { authenticateEes } from '../procedures/client-certificate.js';
import { deleteEesRegistration, ownedRegistration } from '../procedures/ees-registration.js';
import { peerCertificateOf } from './peer.js';
import { EECS_BASE } from './paths.js';

/** DeleteIndEESReg: DELETE …/registrations/{registrationId} → 204, over mutual TLS. */
export function registerDeleteIndEesReg(app: FastifyInstance, ctx: EcsContext): void {
  app.delete<{ Params: { registrationId: string } }>(
    `${EECS_BASE}/registrations/:registrationId`,
    async (request, reply) => {
      const ees = await authenticateEes(ctx, peerCertificateOf(request));
      const r = await ownedRegistration(ctx, ees, request.params.registrationId);
      await deleteEesRegistration(ctx, r, 'explicit');
      return reply.code(204).send();
    },
  );
}

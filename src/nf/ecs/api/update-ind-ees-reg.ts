import type { FastifyInstance } from 'fastify';
import type { EcsContext } from '../context.js';
import { authenticateEes } from '../procedures/client-certificate.js';
import { ownedRegistration, updateEesRegistration } from '../procedures/ees-registration.js';
import { onboardingRequestOf } from './onboarding-info.js';
import { peerCertificateOf } from './peer.js';
import { checkResponse, validateRequest } from './validate.js';
import { EECS_BASE } from './paths.js';

/** UpdateIndEESReg: PUT …/registrations/{registrationId} (full replacement) → 200, over mutual TLS. */
export function registerUpdateIndEesReg(app: FastifyInstance, ctx: EcsContext): void {
  app.put<{ Params: { registrationId: string } }>(
    `${EECS_BASE}/registrations/:registrationId`,
    async (request) => {
      const ees = await authenticateEes(ctx, peerCertificateOf(request));
      const r = await ownedRegistration(ctx, ees, request.params.registrationId);
      const body = validateRequest('EESRegistration', request.body);
      const out = await updateEesRegistration(ctx, r, body, onboardingRequestOf(body, false), 'PUT');
      checkResponse('EESRegistration', out);
      return out;
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { EcsContext } from '../context.js';
import { authenticateEes } from '../procedures/client-certificate.js';
import { ownedRegistration, patchTarget, updateEesRegistration } from '../procedures/ees-registration.js';
import { mergePatch } from './merge-patch.js';
import { onboardingRequestOf } from './onboarding-info.js';
import { peerCertificateOf } from './peer.js';
import { checkResponse, validateRequest } from './validate.js';
import { EECS_BASE } from './paths.js';

export const MERGE_PATCH_JSON = 'application/merge-patch+json';

/** ModifyIndEESReg: PATCH …/registrations/{registrationId}, application/merge-patch+json → 200. */
export function registerModifyIndEesReg(app: FastifyInstance, ctx: EcsContext): void {
  app.patch<{ Params: { registrationId: string } }>(
    `${EECS_BASE}/registrations/:registrationId`,
    async (request) => {
      const ees = await authenticateEes(ctx, peerCertificateOf(request));
      const r = await ownedRegistration(ctx, ees, request.params.registrationId);
      const patch = validateRequest('EESRegistrationPatch', request.body);
      // The result of the merge must again be a valid EESRegistration (null expTime: back to the default).
      const merged = validateRequest('EESRegistration', mergePatch(patchTarget(r), patch));
      const out = await updateEesRegistration(ctx, r, merged, onboardingRequestOf(patch, false), 'PATCH');
      checkResponse('EESRegistration', out);
      return out;
    },
  );
}

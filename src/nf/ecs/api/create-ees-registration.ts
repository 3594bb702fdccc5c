import type { FastifyInstance } from 'fastify';
import { bearerToken, verifyAccessToken } from '../../ecsp-authz/index.js';
import type { EcsContext } from '../context.js';
import { createEesRegistration } from '../procedures/ees-registration.js';
import { onboardingRequestOf } from './onboarding-info.js';
import { checkResponse, validateRequest } from './validate.js';
import { EECS_BASE } from './paths.js';

/** CreateEESRegistration: POST {apiRoot}/eecs-eesregistration/v1/registrations → 201 + Location. */
export function registerCreateEesRegistration(app: FastifyInstance, ctx: EcsContext): void {
  app.post(`${EECS_BASE}/registrations`, async (request, reply) => {
    // Seed 002 step 4: the onboarding token first — an unauthenticated caller learns nothing else.
    const claims = await verifyAccessToken(
      bearerToken(request.headers.authorization),
      ctx.tokenPolicy,
      ctx.now(),
    );
    const body = validateRequest('EESRegistration', request.body);
    const { record, response } = await createEesRegistration(
      ctx,
      claims,
      body,
      onboardingRequestOf(body, true),
    );
    checkResponse('EESRegistration', response);
    reply
      .code(201)
      .header('location', `https://${request.host}${EECS_BASE}/registrations/${record.registrationId}`);
    return response;
  });
}

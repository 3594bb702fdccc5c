import { EECS_BASE, ONBOARDING_MEMBER } from '../ecs/index.js';
import { ecsRequest, type EcsTls } from './clients/ecs.js';
import type { OnboardedEes } from './onboard.js';

/**
 * The EES's operations on its registration after onboarding, all over mutual TLS with the certificate
 * the ECS bound at onboarding: GetIndEESReg, UpdateIndEESReg, ModifyIndEESReg, DeleteIndEESReg.
 */
export class EesRegistrationClient {
  readonly #url: string;
  readonly #tls: EcsTls;
  readonly #path: string;

  constructor(
    ecsUrl: string,
    rootCaPem: string,
    ees: Pick<OnboardedEes, 'registrationId' | 'certPem' | 'keyPem'>,
  ) {
    this.#url = ecsUrl;
    this.#tls = { ca: rootCaPem, cert: ees.certPem, key: ees.keyPem };
    this.#path = `${EECS_BASE}/registrations/${encodeURIComponent(ees.registrationId)}`;
  }

  async get(): Promise<Record<string, unknown>> {
    return (await ecsRequest<Record<string, unknown>>(this.#url, this.#tls, 'GET', this.#path)).body;
  }

  /** PUT: the whole EESRegistration; `secretToken` is presented when given (D-027). */
  async update(
    registration: Record<string, unknown>,
    secretToken?: string,
  ): Promise<Record<string, unknown>> {
    const body =
      secretToken !== undefined
        ? { ...registration, [ONBOARDING_MEMBER]: { onboardingSecret: secretToken } }
        : registration;
    return (await ecsRequest<Record<string, unknown>>(this.#url, this.#tls, 'PUT', this.#path, body)).body;
  }

  /** PATCH with an RFC 7396 merge patch (EESRegistrationPatch). */
  async modify(patch: Record<string, unknown>): Promise<Record<string, unknown>> {
    return (
      await ecsRequest<Record<string, unknown>>(this.#url, this.#tls, 'PATCH', this.#path, patch, {
        'content-type': 'application/merge-patch+json',
      })
    ).body;
  }

  async deregister(): Promise<void> {
    await ecsRequest(this.#url, this.#tls, 'DELETE', this.#path);
  }
}

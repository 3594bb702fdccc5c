import { OnboardingInfoError } from '../errors.js';

/**
 * The namespaced extension member that carries onboarding data in EESRegistration bodies (D-025).
 * TS 29.558 has no member for it; its shape follows CAPIF's OnboardingInformation (TS 29.222
 * §8.1.4.2.x: apiInvokerPublicKey, apiInvokerCertificate, onboardingSecret) with EES names.
 */
export const ONBOARDING_MEMBER = 'ciotsec:onboardingInformation';

/** EES → ECS, in CreateEESRegistration (and, with only `onboardingSecret`, in updates). */
export interface OnboardingRequest {
  /** PKCS#10 CSR (PEM) over the EES's new P-256 key: the public key, with proof of possession. */
  readonly eesPublicKey?: string;
  /** A certificate a third party issued for that key (PEM), accepted only from a trusted issuer. */
  readonly eesCertificate?: string;
  /** On updates: the secret token the ECS returned at onboarding. */
  readonly onboardingSecret?: string;
}

/** ECS → EES, in every EESRegistration the ECS returns. */
export interface OnboardingResponse {
  /** The ECS-specific EES identity the certificate is bound to (SAN URI). */
  readonly eesIdentity: string;
  /** The certificate the EES authenticates with from now on (ECSP-issued or the accepted third-party one). */
  readonly eesCertificate: string;
  /** Authentication and authorisation information (seed 002 step 5). */
  readonly authInfo: {
    readonly authMethod: 'TLS_CLIENT_CERTIFICATE';
    readonly certSha256: string;
    readonly certSource: 'ecsp' | 'third-party';
    readonly allowedOperations: readonly string[];
  };
  /** Only in the CreateEESRegistration answer. */
  readonly onboardingSecret?: string;
}

const PEM = (label: string): RegExp =>
  new RegExp(`^-----BEGIN ${label}-----\\r?\\n[A-Za-z0-9+/=\\r\\n]+-----END ${label}-----\\s*$`);

/** Reads the extension member; `requireKey` for onboarding, where the CSR is mandatory. */
export function onboardingRequestOf(body: Record<string, unknown>, requireKey: boolean): OnboardingRequest {
  const v = body[ONBOARDING_MEMBER];
  if (v === undefined) {
    if (requireKey)
      throw new OnboardingInfoError(ONBOARDING_MEMBER, `'${ONBOARDING_MEMBER}' is required to onboard`);
    return {};
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new OnboardingInfoError(ONBOARDING_MEMBER, `'${ONBOARDING_MEMBER}' must be an object`);
  const o = v as Record<string, unknown>;
  const str = (k: string, pem?: string): string | undefined => {
    const x = o[k];
    if (x === undefined) return undefined;
    if (typeof x !== 'string' || x.length > 16 * 1024 || (pem !== undefined && !PEM(pem).test(x)))
      throw new OnboardingInfoError(
        `${ONBOARDING_MEMBER}/${k}`,
        `'${k}' must be ${pem !== undefined ? `a PEM ${pem}` : 'a string'}`,
      );
    return x;
  };
  const eesPublicKey = str('eesPublicKey', 'CERTIFICATE REQUEST');
  const eesCertificate = str('eesCertificate', 'CERTIFICATE');
  const onboardingSecret = str('onboardingSecret');
  if (requireKey && eesPublicKey === undefined)
    throw new OnboardingInfoError(
      `${ONBOARDING_MEMBER}/eesPublicKey`,
      "'eesPublicKey' (a PKCS#10 CSR) is required",
    );
  return {
    ...(eesPublicKey !== undefined ? { eesPublicKey } : {}),
    ...(eesCertificate !== undefined ? { eesCertificate } : {}),
    ...(onboardingSecret !== undefined ? { onboardingSecret } : {}),
  };
}

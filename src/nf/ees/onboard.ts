import { createCsr } from '../../pki/index.js';
import { EECS_BASE, ONBOARDING_MEMBER, type OnboardingResponse } from '../ecs/index.js';
import { ecsRequest, type EcsTls } from './clients/ecs.js';
import { csrWithKey } from './csr-with-key.js';

/** The onboarding credentials an EES is provisioned with (seed 002 step 1). */
export interface OnboardingCredentials {
  /** e.g. https://ecs.ecsp.example:7201 */
  readonly ecsUrl: string;
  /** The ECSP root CA certificate (PEM): authenticates the ECS in the TLS handshake (steps 1–2). */
  readonly rootCaPem: string;
  /** The OAuth 2.0 access token from the ECSP's authorization server; single use. */
  readonly accessToken: string;
}

/** The EES profile of TS 29.558 (EESProfile); at least eesId, endPt and eecRegConf. */
export type EesProfile = Record<string, unknown> & { eesId: string };

export interface OnboardOptions {
  readonly profile: EesProfile;
  readonly expTime?: string;
  /** A certificate a third party issued to this EES, with its key (the key the CSR is made with). */
  readonly thirdParty?: { readonly certPem: string; readonly keyPem: string };
}

/** What the EES keeps after onboarding. Print `keyPem` and `secretToken` nowhere. */
export interface OnboardedEes {
  readonly registrationId: string;
  readonly location: string;
  readonly eesId: string;
  readonly eesIdentity: string;
  readonly certPem: string;
  readonly keyPem: string;
  readonly secretToken: string | undefined;
  readonly expTime: string;
  readonly registration: Record<string, unknown>;
}

/**
 * Seed 002 steps 2–5 on the EES side: server-authenticated TLS to the ECS with the provisioned root CA,
 * a new P-256 key pair and a PKCS#10 CSR over it, CreateEESRegistration with the token (Authorization:
 * Bearer), the profile and the CSR; the answer carries the registration ID, the certificate, the
 * authentication information and the secret token.
 *
 * @example
 * const ees = await onboardEes({ ecsUrl, rootCaPem, accessToken },
 *   { profile: { eesId: 'ees-1', endPt: { uri: 'https://ees-1.example' }, eecRegConf: false } });
 */
export async function onboardEes(cred: OnboardingCredentials, o: OnboardOptions): Promise<OnboardedEes> {
  const { csrPem, keyPem } =
    o.thirdParty !== undefined
      ? { csrPem: await csrForKey(o.thirdParty.keyPem, o.profile.eesId), keyPem: o.thirdParty.keyPem }
      : await createCsr(`CN=${o.profile.eesId.replace(/[,+="\\<>;#]/g, '_').slice(0, 64)}`);
  const body = {
    eesProf: o.profile,
    ...(o.expTime !== undefined ? { expTime: o.expTime } : {}),
    [ONBOARDING_MEMBER]: {
      eesPublicKey: csrPem,
      ...(o.thirdParty !== undefined ? { eesCertificate: o.thirdParty.certPem } : {}),
    },
  };
  const tls: EcsTls = { ca: cred.rootCaPem };
  const r = await ecsRequest<Record<string, unknown>>(
    cred.ecsUrl,
    tls,
    'POST',
    `${EECS_BASE}/registrations`,
    body,
    {
      authorization: `Bearer ${cred.accessToken}`,
    },
  );
  const location = String(r.headers['location'] ?? '');
  const registrationId = decodeURIComponent(location.split('/').pop() ?? '');
  const info = r.body[ONBOARDING_MEMBER] as OnboardingResponse;
  return {
    registrationId,
    location,
    eesId: (r.body['eesProf'] as EesProfile).eesId,
    eesIdentity: info.eesIdentity,
    certPem: info.eesCertificate,
    keyPem,
    secretToken: info.onboardingSecret,
    expTime: String(r.body['expTime']),
    registration: r.body,
  };
}

/** A CSR over an existing key (the key of a third-party certificate): the same proof of possession. */
function csrForKey(keyPem: string, eesId: string): Promise<string> {
  return csrWithKey(keyPem, `CN=${eesId.replace(/[,+="\\<>;#]/g, '_').slice(0, 64)}`);
}

import { X509Certificate, createHash, randomUUID } from 'node:crypto';
import { issueFromCsr, verifyCsr } from '../../../pki/index.js';
import { badRequest } from '../../../sbi/problem.js';
import type { AccessTokenClaims } from '../../ecsp-authz/index.js';
import { TokenReplayedError } from '../../ecsp-authz/index.js';
import type { EcsContext } from '../context.js';
import {
  CertificateInvalidError,
  CertificateIssuerUntrustedError,
  EesIdInUseError,
  EesIdMismatchError,
  RegistrationNotFoundError,
  RegistrationNotOwnedError,
  SecretTokenMismatchError,
} from '../errors.js';
import { ecsEvents } from '../events.js';
import {
  ONBOARDING_MEMBER,
  type OnboardingRequest,
  type OnboardingResponse,
} from '../api/onboarding-info.js';
import type { StoredRegistration } from '../store/ecs-store.js';
import { secretTokenFor, secretTokenMatches } from '../secret-token.js';
import type { AuthenticatedEes } from './client-certificate.js';

/** The SAN URI of an EES certificate: the ECS-specific EES identity (D-025). */
export const eesIdentityUri = (eesId: string): string => `urn:ciotsec:ees:${encodeURIComponent(eesId)}`;

const ALLOWED_AFTER_ONBOARDING = [
  'GetIndEESReg',
  'UpdateIndEESReg',
  'ModifyIndEESReg',
  'DeleteIndEESReg',
] as const;

/** expTime the ECS grants: what the EES asked for, capped at the policy maximum; the default when absent. */
function grantedExpTime(ctx: EcsContext, asked: unknown, now: Date): string {
  const max = now.getTime() + ctx.registration.maxSeconds * 1000;
  if (asked === undefined || asked === null)
    return new Date(now.getTime() + ctx.registration.defaultSeconds * 1000).toISOString();
  const t = typeof asked === 'string' ? Date.parse(asked) : Number.NaN;
  if (!Number.isFinite(t) || !/^\d{4}-\d{2}-\d{2}T/.test(asked as string))
    throw badRequest("'expTime' must be an RFC 3339 date-time", 'INVALID_MSG_FORMAT', 'expTime');
  if (t <= now.getTime())
    throw badRequest("'expTime' must be in the future", 'MANDATORY_IE_INCORRECT', 'expTime');
  return new Date(Math.min(t, max)).toISOString();
}

/** The EESRegistration the ECS answers with: the stored body, the granted expTime, the extension member. */
export function toEesRegistration(r: StoredRegistration, secret?: string): Record<string, unknown> {
  const info: OnboardingResponse = {
    eesIdentity: eesIdentityUri(r.eesId),
    eesCertificate: r.certPem,
    authInfo: {
      authMethod: 'TLS_CLIENT_CERTIFICATE',
      certSha256: r.certSha256,
      certSource: r.certSource,
      allowedOperations: ALLOWED_AFTER_ONBOARDING,
    },
    ...(secret !== undefined ? { onboardingSecret: secret } : {}),
  };
  return { ...r.registration, expTime: r.expTime, [ONBOARDING_MEMBER]: info };
}

/** The registration body kept: eesProf and suppFeat (we support no optional features: "0"). */
function keptBody(body: Record<string, unknown>): Record<string, unknown> {
  return { eesProf: body['eesProf'], ...(body['suppFeat'] !== undefined ? { suppFeat: '0' } : {}) };
}

/** A third-party certificate: issuer in the trust-anchor policy, within validity, for the CSR's key. */
function acceptThirdParty(ctx: EcsContext, pem: string, csrSpki: Buffer, now: Date): X509Certificate {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch (cause) {
    throw new CertificateInvalidError('the EES certificate does not parse', { cause });
  }
  const anchor = ctx.trustAnchors.find((a) => cert.checkIssued(a) && cert.verify(a.publicKey));
  if (anchor === undefined)
    throw new CertificateIssuerUntrustedError(
      'the issuer of the EES certificate is not in the ECSP trust-anchor policy',
    );
  if (now.getTime() > Date.parse(cert.validTo) || now.getTime() < Date.parse(cert.validFrom))
    throw new CertificateInvalidError('the EES certificate is outside its validity');
  const certSpki = cert.publicKey.export({ type: 'spki', format: 'der' });
  if (!certSpki.equals(csrSpki))
    throw new CertificateInvalidError('the EES certificate is not for the key of the CSR');
  return cert;
}

/**
 * CreateEESRegistration with onboarding (seed 002 steps 3–5). The token has been verified except for
 * single use; the body is a valid EESRegistration.
 */
export async function createEesRegistration(
  ctx: EcsContext,
  claims: AccessTokenClaims,
  body: Record<string, unknown>,
  onboarding: OnboardingRequest,
): Promise<{ record: StoredRegistration; response: Record<string, unknown> }> {
  const now = ctx.now();
  const eesId = (body['eesProf'] as { eesId: string }).eesId;
  // 1. The public key: the CSR's self-signature proves possession of the private key.
  const csr = await verifyCsr(onboarding.eesPublicKey!);
  const csrSpki = Buffer.from(csr.publicKey.rawData);
  // 2. A third-party certificate, if the EES brings one, is accepted only from a trusted issuer.
  const thirdParty =
    onboarding.eesCertificate !== undefined
      ? acceptThirdParty(ctx, onboarding.eesCertificate, csrSpki, now)
      : undefined;
  if (
    thirdParty !== undefined &&
    (await ctx.store.isRevoked(createHash('sha256').update(thirdParty.raw).digest('hex')))
  )
    throw new CertificateInvalidError('the EES certificate is revoked at this ECS');
  const expTime = grantedExpTime(ctx, body['expTime'], now);
  // 3. The EES identity must be free before the token is spent.
  await expireRegistrations(ctx);
  if ((await ctx.store.findByEesId(eesId)) !== undefined)
    throw new EesIdInUseError(`EES '${eesId}' is already registered at this ECS`);
  // 4. The token is single use: consumed only now, so a request refused above can be corrected and retried.
  // The jti is remembered until the token could no longer pass verification, clock tolerance included.
  const acceptedUntil = new Date((claims.exp + (ctx.tokenPolicy.clockToleranceSeconds ?? 0)) * 1000);
  if (!(await ctx.store.consumeJti(claims.jti, acceptedUntil, now)))
    throw new TokenReplayedError('access token was already used');
  // 5. The certificate: the third party's, or one the ECSP CA issues for the assigned identity.
  const registrationId = randomUUID();
  let certPem: string;
  let certSerial: string;
  if (thirdParty !== undefined) {
    certPem = thirdParty.toString();
    certSerial = thirdParty.serialNumber.toUpperCase();
  } else {
    const issued = await issueFromCsr(ctx.ca, csr, {
      subject: `CN=${eesId.replace(/[,+="\\<>;#]/g, '_').slice(0, 64)}, O=ciotsec ECSP`,
      sanUris: [eesIdentityUri(eesId)],
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + ctx.certificateValidDays * 86_400_000),
    });
    certPem = issued.certPem;
    certSerial = issued.serial;
  }
  const record: StoredRegistration = {
    registrationId,
    eesId,
    clientId: claims.client_id,
    registration: keptBody(body),
    expTime,
    certSha256: createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex'),
    certSerial,
    certPem,
    certSource: thirdParty !== undefined ? 'third-party' : 'ecsp',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await ctx.store.createRegistration(record);
  // 6. The optional secret token, bound to the registration and EES ID (secret-token.ts).
  const secret =
    ctx.secretTokenKey !== undefined ? secretTokenFor(ctx.secretTokenKey, registrationId, eesId) : undefined;
  ecsEvents.registered({
    registrationId,
    eesId,
    clientId: claims.client_id,
    certSerial,
    certSource: record.certSource,
  });
  return { record, response: toEesRegistration(record, secret) };
}

/** The registration, if it exists, has not expired, and belongs to the authenticated EES. */
export async function ownedRegistration(
  ctx: EcsContext,
  ees: AuthenticatedEes,
  registrationId: string,
): Promise<StoredRegistration> {
  await expireRegistrations(ctx);
  const r = await ctx.store.getRegistration(registrationId);
  if (r === undefined) throw new RegistrationNotFoundError(`no EES registration '${registrationId}'`);
  if (r.certSha256 !== ees.certSha256)
    throw new RegistrationNotOwnedError('the registration belongs to another EES');
  return r;
}

function checkSecret(ctx: EcsContext, r: StoredRegistration, onboarding: OnboardingRequest): void {
  if (onboarding.onboardingSecret === undefined) return;
  if (
    ctx.secretTokenKey === undefined ||
    !secretTokenMatches(ctx.secretTokenKey, r.registrationId, r.eesId, onboarding.onboardingSecret)
  )
    throw new SecretTokenMismatchError('the secret token is not the one bound to this EES');
}

/** UpdateIndEESReg (PUT) and ModifyIndEESReg (PATCH, already merged): the EES identity cannot change. */
export async function updateEesRegistration(
  ctx: EcsContext,
  r: StoredRegistration,
  body: Record<string, unknown>,
  onboarding: OnboardingRequest,
  operation: 'PUT' | 'PATCH',
): Promise<Record<string, unknown>> {
  checkSecret(ctx, r, onboarding);
  if ((body['eesProf'] as { eesId?: unknown } | undefined)?.eesId !== r.eesId)
    throw new EesIdMismatchError(`the registration is bound to EES '${r.eesId}'`);
  const now = ctx.now();
  const expTime = grantedExpTime(ctx, body['expTime'], now);
  const updated = await ctx.store.updateRegistration(r.registrationId, keptBody(body), expTime, now);
  if (updated === undefined) throw new RegistrationNotFoundError(`no EES registration '${r.registrationId}'`);
  ecsEvents.updated({ registrationId: r.registrationId, eesId: r.eesId, operation });
  return toEesRegistration(updated);
}

/** The stored registration as the body a merge patch (RFC 7396) applies to. */
export function patchTarget(r: StoredRegistration): Record<string, unknown> {
  return { ...r.registration, expTime: r.expTime };
}

/** DeleteIndEESReg, and the end of onboarding: the certificate goes on the revocation list. */
export async function deleteEesRegistration(
  ctx: EcsContext,
  r: StoredRegistration,
  reason: 'explicit' | 'expired',
): Promise<void> {
  const gone = await ctx.store.deleteRegistration(r.registrationId);
  if (gone === undefined) return;
  await ctx.store.revoke({
    serial: gone.certSerial,
    certSha256: gone.certSha256,
    reason: reason === 'explicit' ? 'deregistered' : 'registration-expired',
    revokedAt: ctx.now().toISOString(),
  });
  ecsEvents.deregistered({ registrationId: gone.registrationId, eesId: gone.eesId, reason });
}

/** Implicit deregistration (TS 23.558 §8.4.3.x): registrations past expTime are removed. */
export async function expireRegistrations(ctx: EcsContext): Promise<number> {
  const expired = await ctx.store.expiredRegistrations(ctx.now());
  for (const r of expired) await deleteEesRegistration(ctx, r, 'expired');
  return expired.length;
}

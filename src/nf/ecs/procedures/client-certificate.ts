import { X509Certificate, createHash } from 'node:crypto';
import {
  ClientCertificateExpiredError,
  ClientCertificateRequiredError,
  ClientCertificateRevokedError,
} from '../errors.js';
import type { EcsContext } from '../context.js';

/** What the TLS layer reports about the peer's certificate. */
export interface PeerCertificate {
  readonly raw: Buffer | undefined;
  readonly authorized: boolean;
  readonly authorizationError?: string | undefined;
}

export interface AuthenticatedEes {
  readonly certSha256: string;
  readonly serial: string;
}

/**
 * Seed 002 step 4, "for subsequent authentication procedures": the EES proves itself with the
 * certificate bound at onboarding. The chain must verify to the ECSP CA or a trust anchor (TLS layer),
 * the certificate must be within its validity at the ECS's clock and not on the ECS's revocation list.
 */
export async function authenticateEes(ctx: EcsContext, peer: PeerCertificate): Promise<AuthenticatedEes> {
  if (peer.raw === undefined || peer.raw.length === 0)
    throw new ClientCertificateRequiredError('a client certificate issued at onboarding is required');
  if (!peer.authorized) {
    if (peer.authorizationError === 'CERT_HAS_EXPIRED')
      throw new ClientCertificateExpiredError('the client certificate has expired');
    throw new ClientCertificateRequiredError(
      'the client certificate is not from the ECSP CA or a trusted issuer',
    );
  }
  const cert = new X509Certificate(peer.raw);
  const now = ctx.now().getTime();
  if (now > Date.parse(cert.validTo) || now < Date.parse(cert.validFrom))
    throw new ClientCertificateExpiredError('the client certificate is outside its validity');
  const certSha256 = createHash('sha256').update(peer.raw).digest('hex');
  if (await ctx.store.isRevoked(certSha256))
    throw new ClientCertificateRevokedError('the client certificate is revoked');
  return { certSha256, serial: cert.serialNumber.toUpperCase() };
}

export const certSha256Of = (pem: string): string =>
  createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');

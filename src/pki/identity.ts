import { X509Certificate } from 'node:crypto';
import { CiotsecError, InvalidInputError } from '../errors/base.js';

/**
 * Network-function identity carried in certificates as a SAN URI `urn:ciotsec:nf:<type>:<instance>`
 * (docs/decisions.md D-012). Servers take a peer's identity from its certificate, never from a request.
 */
export interface NfIdentity {
  readonly type: string;
  readonly instance: string;
}

const NAME = /^[a-z][a-z0-9-]{0,31}$/;

export function parseNfSpec(spec: string): NfIdentity {
  const parts = spec.split(':');
  const type = parts[0] ?? '';
  const instance = parts[1] ?? type;
  if (parts.length > 2 || !NAME.test(type) || !NAME.test(instance)) {
    throw new InvalidInputError(
      'nf',
      `'${spec}' must be <type>[:<instance>], lower-case letters, digits and '-'`,
    );
  }
  return { type, instance };
}

export function nfUri(id: NfIdentity): string {
  return `urn:ciotsec:nf:${id.type}:${id.instance}`;
}

export function nfIdString(id: NfIdentity): string {
  return `${id.type}:${id.instance}`;
}

export class PeerIdentityError extends CiotsecError {
  readonly code = 'ERR_PEER_IDENTITY';
  override readonly name = 'PeerIdentityError';
}

/** The NF identity in a certificate's subjectAltName URIs (DER or PEM); throws when there is none. */
export function nfIdentityOf(cert: X509Certificate | Buffer | string): NfIdentity {
  const c = cert instanceof X509Certificate ? cert : new X509Certificate(cert);
  const uris = (c.subjectAltName ?? '')
    .split(/,\s*/)
    .filter((e) => e.startsWith('URI:'))
    .map((e) => e.slice(4));
  for (const u of uris) {
    const m = /^urn:ciotsec:nf:([a-z][a-z0-9-]{0,31}):([a-z][a-z0-9-]{0,31})$/.exec(u);
    if (m !== null) return { type: m[1]!, instance: m[2]! };
  }
  throw new PeerIdentityError('peer certificate carries no urn:ciotsec:nf identity');
}

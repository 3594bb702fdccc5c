import { read } from './cbor.js';

/**
 * The Authorization Server's answer of step 3, signed (COSE_Sign1, ES256) by the server: it authorises
 * one initial attach of `uuid` at serving network `sn` and states the limits of the conditional data
 * channel (D-034).
 */
export interface Authorisation {
  readonly authzId: Buffer;
  readonly uuid: Buffer;
  readonly sn: string;
  readonly maxBytes: number;
  readonly maxSeconds: number;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** SHA-256 of the SubjectPublicKeyInfo of CERT.TRE when the UUID was generated in the TRE (D-031). */
  readonly treBinding: Buffer | null;
}

export const AUTHORISATION_FIELDS = 8;

export function authorisationFields(a: Authorisation): unknown[] {
  return [a.authzId, a.uuid, a.sn, a.maxBytes, a.maxSeconds, a.issuedAt, a.expiresAt, a.treBinding];
}

export function authorisationFromFields(f: unknown[]): Authorisation {
  return {
    authzId: read.bytes(f[0], 'authzId', 16, 16),
    uuid: read.bytes(f[1], 'uuid', 16, 16),
    sn: read.text(f[2], 'sn', 64),
    maxBytes: read.uint(f[3], 'maxBytes'),
    maxSeconds: read.uint(f[4], 'maxSeconds'),
    issuedAt: read.uint(f[5], 'issuedAt'),
    expiresAt: read.uint(f[6], 'expiresAt'),
    treBinding: f[7] === null ? null : read.bytes(f[7], 'treBinding', 32, 32),
  };
}

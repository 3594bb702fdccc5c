import { createHash } from 'node:crypto';
import { DtlsDecodeError } from './errors.js';

/**
 * psk_identity of ciotsec (seed 001 6.x.2.3 step 4; docs/decisions.md D-010): the UE's application-layer
 * identity and the key identifier of e2m_int_key, in one printable string.
 *
 * - full form `<keyId>.<identity>`: keyId 8 lower-case hex digits (the 32-bit key identifier, D-003),
 *   identity the application-layer identity in UTF-8 (1–247 bytes, no control characters);
 * - compact form `<keyId>~<digest>`, exactly 31 bytes, for device stacks limited to 32-byte identities
 *   (tinydtls' DTLS_PSK_MAX_CLIENT_IDENTITY_LEN): digest is base64url(SHA-256(identity))[0..21], 128
 *   bits, which the EMSE checks against the identity the key server holds for keyId.
 *
 * `encodePskIdentity(..., 'auto')` uses the full form when it fits 32 bytes, else the compact one.
 *
 * @example
 * encodePskIdentity({ keyId: 0x1a2b3c4d, identity: 'sensor-17@example.com' }); // '1a2b3c4d.sensor-17@example.com'
 */
export type PskIdentity =
  | { readonly form: 'full'; readonly keyId: number; readonly identity: string }
  | { readonly form: 'compact'; readonly keyId: number; readonly identityDigest: string };

export const PSK_IDENTITY_MAX_LENGTH = 256;
export const COMPACT_PSK_IDENTITY_LIMIT = 32;
const DIGEST_CHARS = 22;

/** base64url(SHA-256(identity))[0..21]: the identity's digest in the compact form. */
export function identityDigest(identity: string): string {
  return createHash('sha256').update(identity, 'utf8').digest('base64url').slice(0, DIGEST_CHARS);
}

function keyIdHex(keyId: number): string {
  if (!Number.isInteger(keyId) || keyId < 0 || keyId > 0xffffffff)
    throw new RangeError('keyId: 32-bit unsigned');
  return keyId.toString(16).padStart(8, '0');
}

function validIdentity(identity: string): boolean {
  const n = Buffer.byteLength(identity, 'utf8');
  // eslint-disable-next-line no-control-regex
  return n >= 1 && n <= PSK_IDENTITY_MAX_LENGTH - 9 && !/[\u0000-\u001f\u007f]/.test(identity);
}

/** Encodes the identity; `form` 'auto' picks full when it fits 32 bytes. */
export function encodePskIdentity(
  v: { keyId: number; identity: string },
  form: 'full' | 'compact' | 'auto' = 'auto',
): Buffer {
  if (!validIdentity(v.identity))
    throw new RangeError('identity: 1–247 bytes of UTF-8 without control characters');
  const full = Buffer.from(`${keyIdHex(v.keyId)}.${v.identity}`, 'utf8');
  if (form === 'full' || (form === 'auto' && full.length <= COMPACT_PSK_IDENTITY_LIMIT)) return full;
  return Buffer.from(`${keyIdHex(v.keyId)}~${identityDigest(v.identity)}`, 'ascii');
}

/** Parses a psk_identity in either form. */
export function parsePskIdentity(bytes: Uint8Array): PskIdentity | DtlsDecodeError {
  if (bytes.length < 10 || bytes.length > PSK_IDENTITY_MAX_LENGTH)
    return new DtlsDecodeError('psk_identity', 'length out of range');
  const head = Buffer.from(bytes.subarray(0, 9)).toString('latin1');
  if (!/^[0-9a-f]{8}[.~]$/.test(head))
    return new DtlsDecodeError('psk_identity', 'no <keyId hex8>. or ~ prefix');
  const keyId = parseInt(head.slice(0, 8), 16);
  const tail = Buffer.from(bytes.subarray(9));
  if (head[8] === '~') {
    const d = tail.toString('latin1');
    if (!new RegExp(`^[A-Za-z0-9_-]{${DIGEST_CHARS}}$`).test(d))
      return new DtlsDecodeError('psk_identity', 'compact digest must be 22 base64url characters');
    return { form: 'compact', keyId, identityDigest: d };
  }
  const identity = new TextDecoder('utf-8', { fatal: false }).decode(tail);
  if (!Buffer.from(identity, 'utf8').equals(tail) || !validIdentity(identity))
    return new DtlsDecodeError('psk_identity', 'identity is not valid UTF-8 without control characters');
  return { form: 'full', keyId, identity };
}

/** True when a parsed identity names `identity` (directly, or through the compact form's digest). */
export function pskIdentityMatches(p: PskIdentity, identity: string): boolean {
  return p.form === 'full' ? p.identity === identity : p.identityDigest === identityDigest(identity);
}

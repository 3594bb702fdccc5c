import { createHmac } from 'node:crypto';
import { constantTimeEqual } from '../crypto/bytes.js';
import { type ClientHello, serializeClientHello } from './handshake/messages/client-hello.js';

/**
 * Stateless cookies (RFC 6347 §4.2.1): Cookie = HMAC-SHA-256(Secret, client address ‖ ClientHello without
 * its cookie)[0..15]. The secret rotates; a cookie made under the previous secret still verifies, so a
 * client that got its HelloVerifyRequest just before a rotation is not turned away.
 */
export interface CookieSecrets {
  readonly current: Buffer;
  readonly previous: Buffer | undefined;
  /** When `current` was made, in the injected clock's milliseconds. */
  readonly since: number;
}

export const COOKIE_LENGTH = 16;

export function initialCookieSecrets(random: (n: number) => Buffer, now: number): CookieSecrets {
  return { current: random(32), previous: undefined, since: now };
}

/** Rotates when `current` is older than `intervalMs`; returns the same object otherwise. */
export function rotateCookieSecrets(
  s: CookieSecrets,
  now: number,
  intervalMs: number,
  random: (n: number) => Buffer,
): CookieSecrets {
  if (now - s.since < intervalMs) return s;
  return { current: random(32), previous: s.current, since: now };
}

function cookieWith(secret: Buffer, peer: string, hello: ClientHello): Buffer {
  return createHmac('sha256', secret)
    .update(Buffer.from(peer, 'utf8'))
    .update(Buffer.from([0]))
    .update(serializeClientHello({ ...hello, cookie: Buffer.alloc(0) }))
    .digest()
    .subarray(0, COOKIE_LENGTH);
}

/** The cookie for `peer` (e.g. `127.0.0.1:5684`) and this ClientHello's parameters. */
export function makeCookie(s: CookieSecrets, peer: string, hello: ClientHello): Buffer {
  return cookieWith(s.current, peer, hello);
}

/** True when the ClientHello carries the cookie the server would have sent this peer (constant time). */
export function verifyCookie(s: CookieSecrets, peer: string, hello: ClientHello): boolean {
  if (hello.cookie.length !== COOKIE_LENGTH) return false;
  const ok = constantTimeEqual(cookieWith(s.current, peer, hello), hello.cookie);
  const okPrevious =
    s.previous !== undefined && constantTimeEqual(cookieWith(s.previous, peer, hello), hello.cookie);
  return ok || okPrevious;
}

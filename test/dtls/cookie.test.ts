import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COOKIE_LENGTH,
  type ClientHello,
  initialCookieSecrets,
  makeCookie,
  rotateCookieSecrets,
  verifyCookie,
} from '../../src/dtls/index.js';
import { counterRandom } from './harness.js';

const hello: ClientHello = {
  clientVersion: 0xfefd,
  random: Buffer.alloc(32, 1),
  sessionId: Buffer.alloc(0),
  cookie: Buffer.alloc(0),
  cipherSuites: [0xc0a8],
  compressionMethods: [0],
  extensions: [],
};

test('cookie: binds the peer address and the ClientHello parameters', () => {
  const s = initialCookieSecrets(counterRandom('cookie'), 0);
  const cookie = makeCookie(s, '127.0.0.1:1000', hello);
  assert.equal(cookie.length, COOKIE_LENGTH);
  assert.ok(verifyCookie(s, '127.0.0.1:1000', { ...hello, cookie }));
  assert.ok(!verifyCookie(s, '127.0.0.1:1001', { ...hello, cookie }), 'other port');
  assert.ok(
    !verifyCookie(s, '127.0.0.1:1000', { ...hello, cookie, random: Buffer.alloc(32, 2) }),
    'other random',
  );
  assert.ok(!verifyCookie(s, '127.0.0.1:1000', { ...hello, cookie, cipherSuites: [0x00a8] }), 'other suites');
  assert.ok(!verifyCookie(s, '127.0.0.1:1000', { ...hello, cookie: cookie.subarray(1) }), 'short');
});

test('cookie: the secret rotates on schedule; the previous secret verifies, the one before does not', () => {
  const random = counterRandom('rotate');
  const s0 = initialCookieSecrets(random, 0);
  const cookie = makeCookie(s0, 'p', hello);
  assert.equal(rotateCookieSecrets(s0, 59_999, 60_000, random), s0, 'not yet');
  const s1 = rotateCookieSecrets(s0, 60_000, 60_000, random);
  assert.notEqual(s1, s0);
  assert.ok(verifyCookie(s1, 'p', { ...hello, cookie }), 'previous secret still accepted');
  const s2 = rotateCookieSecrets(s1, 120_000, 60_000, random);
  assert.ok(!verifyCookie(s2, 'p', { ...hello, cookie }), 'two rotations later: refused');
});

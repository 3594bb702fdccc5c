import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  COMPACT_PSK_IDENTITY_LIMIT,
  DtlsDecodeError,
  encodePskIdentity,
  identityDigest,
  parsePskIdentity,
  pskIdentityMatches,
} from '../../src/dtls/index.js';
import { fcParams } from '../helpers/fc.js';

test('psk_identity full form: <keyId hex8>.<identity>', () => {
  const b = encodePskIdentity({ keyId: 0x1a2b3c4d, identity: 'sensor-17@example.com' });
  assert.equal(b.toString(), '1a2b3c4d.sensor-17@example.com');
  assert.deepEqual(parsePskIdentity(b), {
    form: 'full',
    keyId: 0x1a2b3c4d,
    identity: 'sensor-17@example.com',
  });
});

test('psk_identity auto form: compact (31 bytes) when the full form exceeds 32 bytes', () => {
  const identity = 'urn:gsma:imei:35-209900-176148-1@iot.example.com';
  const b = encodePskIdentity({ keyId: 7, identity });
  assert.equal(b.length, 31);
  assert.ok(b.length <= COMPACT_PSK_IDENTITY_LIMIT);
  assert.equal(b.toString(), `00000007~${identityDigest(identity)}`);
  const p = parsePskIdentity(b);
  assert.ok(!(p instanceof DtlsDecodeError));
  assert.equal(p.form, 'compact');
  assert.equal(p.keyId, 7);
  assert.ok(pskIdentityMatches(p, identity));
  assert.ok(!pskIdentityMatches(p, identity + 'x'));
});

test('psk_identity: malformed identities are decode errors, not exceptions', () => {
  for (const s of [
    '',
    'nohex',
    '1A2B3C4D.upper',
    '1a2b3c4d.',
    '1a2b3c4d~short',
    '1a2b3c4d.a\u0001b',
    'zzzzzzzz.x',
  ]) {
    const p = parsePskIdentity(Buffer.from(s));
    assert.ok(p instanceof DtlsDecodeError, s);
    assert.equal(p.code, 'ERR_DTLS_DECODE');
  }
  assert.ok(
    parsePskIdentity(Buffer.from([0x31, 0x61, 0x32, 0x62, 0x33, 0x63, 0x34, 0x64, 0x2e, 0xff])) instanceof
      DtlsDecodeError,
  );
  assert.throws(() => encodePskIdentity({ keyId: 2 ** 32, identity: 'x' }), RangeError);
  assert.throws(() => encodePskIdentity({ keyId: 1, identity: '' }), RangeError);
});

test('psk_identity property: encode → parse round-trips in every form; any bytes parse without throwing', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc
        .string({ minLength: 1, maxLength: 60, unit: 'grapheme' })
        .filter((s) => [...s].every((c) => c.charCodeAt(0) >= 0x20 && c !== '\u007f')),
      fc.constantFrom('full' as const, 'compact' as const, 'auto' as const),
      fc.uint8Array({ maxLength: 80 }),
      (keyId, identity, form, junk) => {
        const p = parsePskIdentity(encodePskIdentity({ keyId, identity }, form));
        assert.ok(!(p instanceof DtlsDecodeError));
        assert.equal(p.keyId, keyId);
        assert.ok(pskIdentityMatches(p, identity));
        if (form === 'compact') assert.equal(p.form, 'compact');
        parsePskIdentity(junk);
      },
    ),
    fcParams(300),
  );
});

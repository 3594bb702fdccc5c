import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MSG, parseMessage, serializeMessage, type UeSnMessage } from '../../src/initial-attach/messages.js';
import { peekToken } from '../../src/initial-attach/atk.js';
import { bytes, fcParams } from '../helpers/fc.js';

const msg: fc.Arbitrary<UeSnMessage> = fc.oneof(
  fc.record({
    type: fc.constant(MSG.attachRequest),
    nUe: bytes(16),
    uuid: bytes(16),
    authzFqdn: fc.constantFrom('authz.ciotsec.test', 'a.b', 'x'),
    sliceSelectType: fc.integer({ min: 0, max: 255 }),
    cipher: fc.constantFrom(0 as const, 1 as const),
  }),
  fc.record({ type: fc.constant(MSG.snCertificate), nUe: bytes(16), nSn: bytes(16), certSnEcka: bytes(300) }),
  fc.record({
    type: fc.constant(MSG.treCredentials),
    nUe: bytes(16),
    atkTre: bytes(200),
    certPn: bytes(400),
    certCi: bytes(400),
    m1: bytes(448),
    h1: bytes(16),
  }),
  fc.record({ type: fc.constant(MSG.attachReject), nUe: bytes(16), cause: fc.integer({ min: 0, max: 255 }) }),
  fc.record({
    type: fc.constant(MSG.channelData),
    imsi: fc.constantFrom('001010000000001', '00101123456'),
    seq: fc.nat(),
    payload: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
  }),
);

test('initial-attach codec: serialize/parse round trip for every message type', () => {
  fc.assert(
    fc.property(msg, (m) => {
      assert.deepEqual(parseMessage(serializeMessage(m)), { ...m });
    }),
    fcParams(300),
  );
});

test('initial-attach codec and token reader: arbitrary and mutated datagrams fail only with ERR_MESSAGE_FORMAT', () => {
  const check = (b: Uint8Array): void => {
    for (const f of [() => parseMessage(b), () => peekToken(b, 'ATK', 4)]) {
      try {
        f();
      } catch (err) {
        assert.equal((err as { code?: string }).code, 'ERR_MESSAGE_FORMAT', String(err));
      }
    }
  };
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), check), fcParams(500));
  fc.assert(
    fc.property(msg, fc.nat(), fc.integer({ min: 1, max: 255 }), (m, at, x) => {
      const b = serializeMessage(m);
      b[at % b.length]! ^= x;
      check(b);
      check(b.subarray(0, at % b.length));
    }),
    fcParams(500),
  );
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CoapCode,
  CoapDecodeError,
  type CoapMessage,
  CoapType,
  type CoapTypeValue,
  coapCodeName,
  coapUriPath,
  parseCoapMessage,
  serializeCoapMessage,
  uriPathOptions,
} from '../../src/coap/index.js';
import { fcParams } from '../helpers/fc.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

test('coap: known answer — CON GET /temperature, message id 0x7d34 (RFC 7252 Appendix-style example)', () => {
  const wire = hex('40 01 7d 34 bb 74656d7065726174757265');
  const m = parseCoapMessage(wire);
  assert.ok(!(m instanceof CoapDecodeError));
  assert.equal(m.type, CoapType.CON);
  assert.equal(coapCodeName(m.code), '0.01');
  assert.equal(m.messageId, 0x7d34);
  assert.equal(coapUriPath(m), 'temperature');
  assert.deepEqual(serializeCoapMessage(m), wire);
});

test('coap: option delta and length extensions (13 → 1 byte, 269 → 2 bytes) and the payload marker', () => {
  const m: CoapMessage = {
    type: CoapType.NON,
    code: CoapCode.CONTENT,
    messageId: 1,
    token: hex('0102'),
    options: [
      { number: 12, value: Buffer.alloc(0) },
      { number: 12 + 20, value: Buffer.alloc(13, 0x61) },
      { number: 12 + 20 + 300, value: Buffer.alloc(300, 0x62) },
    ],
    payload: Buffer.from('x'),
  };
  const wire = serializeCoapMessage(m);
  // Header, token, then option 12: delta 12 length 0.
  assert.equal(wire[6], 0xc0);
  // Option 32: delta 20 → nibble 13 + (20-13), length 13 → nibble 13 + 0.
  assert.deepEqual([...wire.subarray(7, 10)], [0xdd, 7, 0]);
  const at = 10 + 13;
  // Option 332: delta 300 → nibble 14 + (300-269) as uint16, length 300 → nibble 14 + 31.
  assert.deepEqual([...wire.subarray(at, at + 5)], [0xee, 0, 31, 0, 31]);
  assert.equal(wire[wire.length - 2], 0xff);
  assert.deepEqual(parseCoapMessage(wire), m);
});

test('coap: message format errors are returned, not thrown', () => {
  const bad = [
    '', // short
    '800100 00', // version 2
    '49010000', // TKL 9
    '42010000 01', // token truncated
    '40010000 ff', // marker without payload
    '40010000 f0', // delta 15 not a marker
    '40010000 0f', // length 15
    '40010000 d1', // delta extension missing
    '40010000 03 6161', // value truncated
    '41000000 01', // empty message with a token
  ];
  for (const b of bad) assert.ok(parseCoapMessage(hex(b)) instanceof CoapDecodeError, b);
});

/** fc.record builds null-prototype objects; compare plain copies. */
const plain = (m: CoapMessage): CoapMessage => ({ ...m, options: m.options.map((o) => ({ ...o })) });

const message = fc.record({
  type: fc.constantFrom<CoapTypeValue>(0, 1, 2, 3),
  code: fc.integer({ min: 1, max: 255 }),
  messageId: fc.integer({ min: 0, max: 0xffff }),
  token: fc.uint8Array({ maxLength: 8 }).map((a) => Buffer.from(a)),
  options: fc
    .array(
      fc.record({
        number: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 0xffff })),
        value: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
      }),
      { maxLength: 8 },
    )
    .map((os) => [...os].sort((p, q) => p.number - q.number)),
  payload: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
});

test('coap: property — parse(serialize(m)) equals m for any message', () => {
  fc.assert(
    fc.property(message, (m) => {
      assert.deepEqual(parseCoapMessage(serializeCoapMessage(m)), plain(m));
    }),
    fcParams(300),
  );
});

test('coap: fuzz — random and mutated bytes never throw; what parses re-serializes to the same bytes', () => {
  const seeds = fc.oneof(
    fc.uint8Array({ maxLength: 80 }),
    fc
      .tuple(message, fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 255 }))
      .map(([m, i, x]) => {
        const b = serializeCoapMessage(m);
        if (b.length > 0) b[i % b.length] = x;
        return b.subarray(0, b.length - (i % 3));
      }),
  );
  fc.assert(
    fc.property(seeds, (b) => {
      const m = parseCoapMessage(b);
      if (!(m instanceof CoapDecodeError)) assert.deepEqual(serializeCoapMessage(m), Buffer.from(b));
    }),
    fcParams(1000),
  );
});

test('coap: uriPathOptions and coapUriPath are inverses for non-empty segments', () => {
  const m: CoapMessage = {
    type: CoapType.CON,
    code: CoapCode.GET,
    messageId: 9,
    token: Buffer.alloc(0),
    options: uriPathOptions('/a/bb/ccc'),
    payload: Buffer.alloc(0),
  };
  assert.equal(coapUriPath(m), 'a/bb/ccc');
});

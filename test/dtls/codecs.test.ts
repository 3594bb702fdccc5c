import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  type ClientHello,
  DtlsDecodeError,
  type HandshakeFragment,
  REPLAY_WINDOW_SIZE,
  accept,
  emptyReplayWindow,
  fragmentHandshakeMessage,
  isFresh,
  parseClientHello,
  parseClientKeyExchangePsk,
  parseFinished,
  parseHandshakeFragments,
  parseHelloVerifyRequest,
  parseRecord,
  parseRecords,
  parseServerHello,
  parseServerKeyExchangePsk,
  receiveFragments,
  serializeClientHello,
  serializeClientKeyExchangePsk,
  serializeHandshakeFragment,
  serializeHelloVerifyRequest,
  serializeRecord,
  serializeServerHello,
  serializeServerKeyExchangePsk,
  CipherSuites,
  deriveKeyBlock,
  openFragment,
  sealFragment,
} from '../../src/dtls/index.js';
import { fcParams } from '../helpers/fc.js';

const bytes = (min: number, max: number): fc.Arbitrary<Buffer> =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((a) => Buffer.from(a));
const u16 = fc.integer({ min: 0, max: 0xffff });
const extensions = fc.uniqueArray(
  fc.record({ type: u16, data: bytes(0, 20) }).map((r) => ({ ...r })),
  {
    maxLength: 4,
    selector: (e) => e.type,
  },
);

test('record codec: round-trip, 48-bit sequence numbers, several records per datagram', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc
          .record({
            type: fc.constantFrom(20, 21, 22, 23),
            version: fc.constantFrom(0xfefd, 0xfeff),
            epoch: u16,
            sequenceNumber: fc.integer({ min: 0, max: 2 ** 48 - 1 }),
            fragment: bytes(0, 64),
          })
          .map((r) => ({ ...r })),
        { minLength: 1, maxLength: 4 },
      ),
      (records) => {
        const datagram = Buffer.concat(records.map(serializeRecord));
        const parsed = parseRecords(datagram);
        assert.equal(parsed.error, undefined);
        assert.deepEqual(parsed.records, records);
      },
    ),
    fcParams(200),
  );
});

test('record codec: unknown type, non-DTLS version, truncation are returned errors', () => {
  const ok = serializeRecord({
    type: 23,
    version: 0xfefd,
    epoch: 1,
    sequenceNumber: 5,
    fragment: Buffer.from('ab'),
  });
  assert.ok(!(parseRecord(ok) instanceof DtlsDecodeError));
  for (const bad of [
    Buffer.concat([Buffer.from([99]), ok.subarray(1)]),
    Buffer.concat([ok.subarray(0, 1), Buffer.from([3, 3]), ok.subarray(3)]),
    ok.subarray(0, ok.length - 1),
    Buffer.concat([ok, Buffer.from([0])]),
  ]) {
    const r = parseRecord(bad);
    assert.ok(r instanceof DtlsDecodeError);
    assert.equal(r.code, 'ERR_DTLS_DECODE');
  }
  const twoThenJunk = Buffer.concat([ok, ok, Buffer.from([22, 0xfe])]);
  const r = parseRecords(twoThenJunk);
  assert.equal(r.records.length, 2);
  assert.ok(r.error instanceof DtlsDecodeError);
});

const clientHello: fc.Arbitrary<ClientHello> = fc
  .record({
    clientVersion: fc.constantFrom(0xfefd, 0xfeff),
    random: bytes(32, 32),
    sessionId: bytes(0, 32),
    cookie: bytes(0, 255),
    cipherSuites: fc.array(u16, { minLength: 1, maxLength: 10 }),
    compressionMethods: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 3 }),
    extensions,
  })
  .map((r) => ({ ...r }));

test('handshake message codecs round-trip (ClientHello, HelloVerifyRequest, ServerHello, ServerKeyExchange, ClientKeyExchange, Finished)', () => {
  fc.assert(
    fc.property(
      clientHello,
      bytes(0, 255),
      fc
        .record({
          serverVersion: fc.constant(0xfefd),
          random: bytes(32, 32),
          sessionId: bytes(0, 32),
          cipherSuite: u16,
          compressionMethod: fc.constant(0),
          extensions,
        })
        .map((r) => ({ ...r })),
      bytes(0, 64),
      bytes(1, 64),
      bytes(12, 12),
      (ch, cookie, sh, hint, identity, verify) => {
        assert.deepEqual(parseClientHello(serializeClientHello(ch)), ch);
        assert.deepEqual(
          parseHelloVerifyRequest(serializeHelloVerifyRequest({ serverVersion: 0xfeff, cookie })),
          {
            serverVersion: 0xfeff,
            cookie,
          },
        );
        assert.deepEqual(parseServerHello(serializeServerHello(sh)), sh);
        assert.deepEqual(
          parseServerKeyExchangePsk(serializeServerKeyExchangePsk({ pskIdentityHint: hint })),
          {
            pskIdentityHint: hint,
          },
        );
        assert.deepEqual(
          parseClientKeyExchangePsk(serializeClientKeyExchangePsk({ pskIdentity: identity })),
          {
            pskIdentity: identity,
          },
        );
        assert.deepEqual(parseFinished(verify), { verifyData: verify });
      },
    ),
    fcParams(200),
  );
});

test('ClientHello: duplicate extensions, empty psk_identity and short Finished are decode errors', () => {
  const ch = serializeClientHello({
    clientVersion: 0xfefd,
    random: Buffer.alloc(32),
    sessionId: Buffer.alloc(0),
    cookie: Buffer.alloc(0),
    cipherSuites: [0xc0a8],
    compressionMethods: [0],
    extensions: [
      { type: 23, data: Buffer.alloc(0) },
      { type: 23, data: Buffer.alloc(0) },
    ],
  });
  assert.ok(parseClientHello(ch) instanceof DtlsDecodeError);
  assert.ok(parseClientKeyExchangePsk(Buffer.from([0, 0])) instanceof DtlsDecodeError);
  assert.ok(parseFinished(Buffer.alloc(11)) instanceof DtlsDecodeError);
});

test('fragmentation and reassembly: any fragment order, with duplicates, yields the message once', () => {
  fc.assert(
    fc.property(
      bytes(0, 600),
      fc.integer({ min: 13, max: 200 }),
      fc.func(fc.integer()),
      (body, maxFragment, order) => {
        const frags = fragmentHandshakeMessage(1, 0, body, maxFragment);
        for (const f of frags) assert.ok(serializeHandshakeFragment(f).length <= Math.max(maxFragment, 13));
        const shuffled: HandshakeFragment[] = [...frags, ...frags.slice(0, 2)].sort(
          (a, b) => order(a.fragmentOffset) - order(b.fragmentOffset),
        );
        const wire = Buffer.concat(shuffled.map(serializeHandshakeFragment));
        const parsed = parseHandshakeFragments(wire);
        assert.ok(!(parsed instanceof DtlsDecodeError));
        const r = receiveFragments({ nextReceiveSeq: 0, partials: [] }, parsed, 4096);
        assert.equal(r.messages.length, 1);
        assert.deepEqual(r.messages[0]?.body, body);
        assert.equal(r.h.nextReceiveSeq, 1);
      },
    ),
    fcParams(200),
  );
});

test('reassembly is bounded: a message larger than the budget is refused', () => {
  const f = fragmentHandshakeMessage(1, 0, Buffer.alloc(5000), 1200)[0]!;
  const r = receiveFragments({ nextReceiveSeq: 0, partials: [] }, [f], 4096);
  assert.equal(r.error, 'overflow');
  assert.equal(r.h.partials.length, 0);
});

test('anti-replay window (RFC 6347 §4.1.2.6): duplicates and too-old numbers refused, reordering within 64 accepted', () => {
  let w = emptyReplayWindow;
  for (const s of [5, 3, 70, 10]) {
    assert.ok(isFresh(w, s), `${s} fresh`);
    w = accept(w, s);
  }
  assert.ok(!isFresh(w, 70));
  assert.ok(!isFresh(w, 10));
  assert.ok(!isFresh(w, 5), '5 is 65 behind 70: left of the window');
  assert.ok(isFresh(w, 7 + 0), '7 within the window and unseen');
  assert.ok(isFresh(w, 2 ** 48 - 1));
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 200 }), (seqs) => {
      let win = emptyReplayWindow;
      const seen = new Set<number>();
      for (const s of seqs) {
        const fresh = isFresh(win, s);
        if (seen.has(s)) assert.ok(!fresh, `replay of ${s} accepted`);
        if (!seen.has(s) && win.top - s < REPLAY_WINDOW_SIZE) assert.ok(fresh, `${s} refused`);
        if (fresh) {
          win = accept(win, s);
          seen.add(s);
        }
      }
    }),
    fcParams(200),
  );
});

test('AEAD record protection: seal/open round-trip per suite; any bit flip or other header fails', () => {
  for (const suite of Object.values(CipherSuites)) {
    const kb = deriveKeyBlock(suite, Buffer.alloc(48, 1), Buffer.alloc(32, 2), Buffer.alloc(32, 3));
    const ctx = { type: 23, version: 0xfefd, epoch: 1, sequenceNumber: 42 };
    const sealed = sealFragment(suite, kb.client, ctx, Buffer.from('hello'));
    assert.equal(sealed.length, 8 + 5 + suite.tagLength);
    assert.equal(openFragment(suite, kb.client, ctx, sealed)?.toString(), 'hello');
    assert.equal(openFragment(suite, kb.server, ctx, sealed), undefined, 'other direction key');
    assert.equal(openFragment(suite, kb.client, { ...ctx, sequenceNumber: 43 }, sealed), undefined);
    assert.equal(openFragment(suite, kb.client, { ...ctx, type: 22 }, sealed), undefined);
    for (let i = 8; i < sealed.length; i++) {
      const t = Buffer.from(sealed);
      t[i]! ^= 0x01;
      assert.equal(openFragment(suite, kb.client, ctx, t), undefined, `${suite.name} flip at ${i}`);
    }
    assert.equal(openFragment(suite, kb.client, ctx, sealed.subarray(0, 10)), undefined);
  }
});

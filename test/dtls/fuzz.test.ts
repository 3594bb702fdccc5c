import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  type ClientState,
  type ServerState,
  clientStep,
  parseClientHello,
  parseClientKeyExchangePsk,
  parseFinished,
  parseHandshakeFragments,
  parseHelloVerifyRequest,
  parseRecords,
  parseServerHello,
  parseServerKeyExchangePsk,
  screenDatagram,
  serverStep,
} from '../../src/dtls/index.js';
import { fcParams } from '../helpers/fc.js';
import { PEER, Pair, cookieSecrets } from './harness.js';

// Bounded fuzzing (issue 4): random and mutated datagrams never throw out of a parser or a machine.
// The seed is printed on failure; CIOTSEC_TEST_SEED reruns it.

/** A full handshake's datagrams in both directions, as mutation seeds. */
function transcript(): {
  toServer: Buffer[];
  toClient: Buffer[];
  server: ServerState[];
  client: ClientState[];
} {
  const p = new Pair();
  const toServer: Buffer[] = [];
  const toClient: Buffer[] = [];
  const server: ServerState[] = [];
  const client: ClientState[] = [p.client];
  for (let i = 0; i < 10 && (p.toServer.length > 0 || p.toClient.length > 0); i++) {
    toServer.push(...p.toServer);
    p.deliverToServer();
    if (p.server !== undefined) server.push(p.server);
    toClient.push(...p.toClient);
    p.deliverToClient();
    client.push(p.client);
  }
  p.feedClient({ type: 'send', data: Buffer.from('app') });
  toServer.push(...p.toServer);
  return { toServer, toClient, server, client };
}

/** Runs per fuzz property; CIOTSEC_FUZZ_RUNS raises it for a longer local run. */
const FUZZ_RUNS = Number(process.env['CIOTSEC_FUZZ_RUNS'] ?? 1500);

const seeds = transcript();
const all = [...seeds.toServer, ...seeds.toClient];

const mutated: fc.Arbitrary<Buffer> = fc
  .tuple(
    fc.constantFrom(...all),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
    fc.option(fc.nat(), { nil: undefined }),
  )
  .map(([d, flips, cut]) => {
    const b = Buffer.from(d);
    for (const [at, v] of flips) b[at % b.length] = v;
    return cut === undefined ? b : b.subarray(0, cut % (b.length + 1));
  });
const random: fc.Arbitrary<Buffer> = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a));
const datagram = fc.oneof(mutated, random);

test('fuzz: record, handshake and message parsers return values or DtlsDecodeError on any input', (t) => {
  const params = fcParams(FUZZ_RUNS);
  t.diagnostic(`fast-check seed ${String(params.seed)} (rerun with CIOTSEC_TEST_SEED)`);
  fc.assert(
    fc.property(datagram, (d) => {
      parseRecords(d);
      parseHandshakeFragments(d);
      parseHandshakeFragments(d.subarray(13));
      for (const parse of [
        parseClientHello,
        parseServerHello,
        parseHelloVerifyRequest,
        parseServerKeyExchangePsk,
        parseClientKeyExchangePsk,
        parseFinished,
      ])
        parse(d.subarray(25));
      screenDatagram(d, PEER, cookieSecrets);
    }),
    params,
  );
});

test('fuzz: server and client machines, in every phase of a handshake, survive mutated and random datagrams', (t) => {
  const params = fcParams(FUZZ_RUNS);
  t.diagnostic(`fast-check seed ${String(params.seed)} (rerun with CIOTSEC_TEST_SEED)`);
  assert.deepEqual(
    seeds.server.map((s) => s.phase),
    ['awaitClientKeyExchange', 'established'],
  );
  assert.ok(seeds.client.length >= 3);
  fc.assert(
    fc.property(
      fc.constantFrom(...seeds.server),
      fc.constantFrom(...seeds.client),
      fc.array(datagram, { minLength: 1, maxLength: 4 }),
      (s0, c0, ds) => {
        let s = s0;
        let c = c0;
        for (const d of ds) {
          const rs = serverStep(s, { type: 'datagram', data: d });
          const rc = clientStep(c, { type: 'datagram', data: d });
          s = rs.state;
          c = rc.state;
          for (const o of [...rs.outputs, ...rc.outputs]) {
            if (o.type === 'send') assert.ok(o.datagram.length <= 1200);
          }
          // Buffers stay bounded whatever arrives.
          assert.ok(s.deferred.reduce((n, b) => n + b.length, 0) <= s.config.maxBufferedBytes);
        }
      },
    ),
    params,
  );
});

test('fuzz: a machine never delivers application data from a mutated record', (t) => {
  const params = fcParams(FUZZ_RUNS);
  t.diagnostic(`fast-check seed ${String(params.seed)} (rerun with CIOTSEC_TEST_SEED)`);
  const established = seeds.server[seeds.server.length - 1]!;
  assert.equal(established.phase, 'established');
  const app = seeds.toServer[seeds.toServer.length - 1]!;
  fc.assert(
    fc.property(fc.integer({ min: 13, max: app.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
      const d = Buffer.from(app);
      d[at]! ^= x;
      const r = serverStep(established, { type: 'datagram', data: d });
      assert.equal(r.outputs.filter((o) => o.type === 'deliver').length, 0);
    }),
    params,
  );
  assert.equal(serverStep(established, { type: 'datagram', data: app }).outputs[0]?.type, 'deliver');
  assert.ok(parseClientHello(Buffer.alloc(0)) instanceof Error);
});

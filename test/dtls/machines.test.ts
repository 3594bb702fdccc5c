import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AlertDescription,
  type CipherSuiteName,
  ContentType,
  type DtlsOutput,
  clientTransitions,
  parseRecords,
  serverTransitions,
} from '../../src/dtls/index.js';
import { IDENTITY, PSK, Pair, clientConfig, ofType, sends, serverConfig } from './harness.js';

const alertsSent = (o: readonly DtlsOutput[]): number[] =>
  ofType(o, 'alert')
    .filter((a) => a.sent)
    .map((a) => a.description);

for (const suite of [
  'TLS_PSK_WITH_AES_128_CCM_8',
  'TLS_PSK_WITH_AES_128_CCM',
  'TLS_PSK_WITH_AES_128_GCM_SHA256',
] as const) {
  test(`machines: client and server complete the handshake with ${suite} and exchange data both ways`, () => {
    const p = new Pair(serverConfig(), clientConfig({ cipherSuites: [suite] }));
    p.run();
    assert.equal(p.client.phase, 'established');
    assert.equal(p.server?.phase, 'established');
    const est = ofType(p.serverOutputs, 'established')[0];
    assert.equal(est?.cipherSuite, suite);
    assert.ok(est?.pskIdentity.equals(IDENTITY));
    assert.equal(est?.extendedMasterSecret, true);
    p.feedClient({ type: 'send', data: Buffer.from('up') });
    p.run();
    assert.deepEqual(
      ofType(p.serverOutputs, 'deliver').map((d) => d.data.toString()),
      ['up'],
    );
    p.feedServer({ type: 'send', data: Buffer.from('down') });
    p.run();
    assert.deepEqual(
      ofType(p.clientOutputs, 'deliver').map((d) => d.data.toString()),
      ['down'],
    );
  });
}

test('machines: the server prefers CCM_8 among the offered suites', () => {
  const order: CipherSuiteName[] = ['TLS_PSK_WITH_AES_128_GCM_SHA256', 'TLS_PSK_WITH_AES_128_CCM_8'];
  const p = new Pair(serverConfig(), clientConfig({ cipherSuites: order }));
  p.run();
  assert.equal(ofType(p.clientOutputs, 'established')[0]?.cipherSuite, 'TLS_PSK_WITH_AES_128_CCM_8');
});

test('machines: without extended_master_secret both sides fall back to the RFC 5246 master secret', () => {
  const p = new Pair(serverConfig(), clientConfig({ offerExtendedMasterSecret: false }));
  p.run();
  assert.equal(p.client.phase, 'established');
  assert.equal(ofType(p.clientOutputs, 'established')[0]?.extendedMasterSecret, false);
  assert.equal(ofType(p.serverOutputs, 'established')[0]?.extendedMasterSecret, false);
});

test('machines: a server that requires extended_master_secret refuses a client without it', () => {
  const p = new Pair(
    serverConfig({ requireExtendedMasterSecret: true }),
    clientConfig({ offerExtendedMasterSecret: false }),
  );
  p.run();
  assert.deepEqual(alertsSent(p.serverOutputs), [AlertDescription.handshakeFailure]);
  assert.equal(p.client.phase, 'closed');
});

test('machines: the first ClientHello gets a HelloVerifyRequest; the server holds no state before the cookie', () => {
  const p = new Pair();
  p.feedServer({ type: 'datagram', data: p.toServer.shift()! });
  assert.equal(p.server, undefined);
  const hvr = p.toClient[0]!;
  const rec = parseRecords(hvr).records[0]!;
  assert.equal(rec.type, ContentType.handshake);
  assert.equal(rec.version, 0xfeff, 'RFC 6347 §4.2.1: HelloVerifyRequest in a DTLS 1.0 record');
  assert.equal(rec.fragment[0], 3, 'HelloVerifyRequest');
});

test('machines: a ClientHello with a wrong cookie is met with silence', () => {
  const p = new Pair();
  p.feedServer({ type: 'datagram', data: p.toServer.shift()! }); // → HVR
  p.feedClient({ type: 'datagram', data: p.toClient.shift()! }); // → CH with cookie
  const ch2 = Buffer.from(p.toServer.shift()!);
  // The cookie is the last 16 bytes before cipher_suites; flip a byte in the middle of the record.
  const cookieAt = 13 + 12 + 2 + 32 + 1 + 1;
  ch2[cookieAt + 3]! ^= 0xff;
  p.feedServer({ type: 'datagram', data: ch2 });
  assert.equal(p.server, undefined);
  assert.equal(p.toClient.length, 0);
});

test('machines: a wrong PSK ends in bad_record_mac from the server', () => {
  const p = new Pair(serverConfig(), clientConfig({ psk: Buffer.alloc(16, 9) }));
  p.run(PSK);
  assert.deepEqual(alertsSent(p.serverOutputs), [AlertDescription.badRecordMac]);
  assert.equal(p.server?.phase, 'closed');
  assert.equal(p.client.phase, 'closed');
  const received = ofType(p.clientOutputs, 'alert').find((a) => !a.sent);
  assert.equal(received?.description, AlertDescription.badRecordMac);
  assert.equal(ofType(p.clientOutputs, 'closed')[0]?.reason, 'alert');
});

test('machines: an unknown identity ends in unknown_psk_identity', () => {
  const p = new Pair();
  p.run(null);
  assert.deepEqual(alertsSent(p.serverOutputs), [AlertDescription.unknownPskIdentity]);
  assert.equal(
    ofType(p.clientOutputs, 'alert').find((a) => !a.sent)?.description,
    AlertDescription.unknownPskIdentity,
  );
});

test('machines: a retransmitted flight 5 during the PSK lookup does not start a second lookup', () => {
  const p = new Pair();
  p.run('hold');
  assert.equal(p.server?.phase, 'awaitPsk');
  assert.deepEqual(
    ofType(p.serverOutputs, 'needPsk').map((o) => o.identity.toString()),
    [IDENTITY.toString()],
  );
  // The client's timer fires twice: it sends flight 5 again, twice.
  p.feedClient({ type: 'timeout' });
  p.feedClient({ type: 'timeout' });
  p.run('hold');
  assert.equal(ofType(p.serverOutputs, 'needPsk').length, 1);
  // The answer arrives late; the handshake completes from the buffered Finished.
  p.feedServer({ type: 'psk', psk: PSK });
  p.run();
  assert.equal(p.server?.phase, 'established');
  assert.equal(p.client.phase, 'established');
  assert.equal(ofType(p.serverOutputs, 'needPsk').length, 1);
});

test('machines: the PSK lookup timer ends the handshake with internal_error', () => {
  const p = new Pair(serverConfig({ pskLookupTimeoutMs: 1234 }));
  p.run('hold');
  const timers = ofType(p.serverOutputs, 'setTimer');
  assert.equal(timers[timers.length - 1]?.ms, 1234);
  p.feedServer({ type: 'timeout' });
  assert.deepEqual(alertsSent(p.serverOutputs), [AlertDescription.internalError]);
  assert.equal(p.server?.phase, 'closed');
  // A late answer changes nothing.
  p.feedServer({ type: 'psk', psk: PSK });
  assert.equal(p.server?.phase, 'closed');
});

test('machines: a failing lookup (pskError) ends the handshake with internal_error', () => {
  const p = new Pair();
  p.run('hold');
  p.feedServer({ type: 'pskError' });
  assert.deepEqual(alertsSent(p.serverOutputs), [AlertDescription.internalError]);
});

test('machines: lost server flight 6 — the client retransmits flight 5 and the server answers with flight 6 again', () => {
  const p = new Pair();
  // Deliver until the server is established, then lose its last flight.
  for (let i = 0; i < 10; i++) {
    p.deliverToServer();
    if (p.server?.phase === 'established') break;
    p.deliverToClient();
  }
  assert.equal(p.server?.phase, 'established');
  p.toClient = [];
  assert.equal(p.client.phase, 'awaitFinished');
  p.feedClient({ type: 'timeout' });
  const before = sends(p.serverOutputs).length;
  p.run();
  assert.ok(sends(p.serverOutputs).length > before, 'server resent flight 6');
  assert.equal(p.client.phase, 'established');
  assert.equal(ofType(p.serverOutputs, 'established').length, 1);
});

test('machines: retransmission back-off doubles from 1 s to the cap, then the handshake times out', () => {
  const p = new Pair(
    serverConfig(),
    clientConfig({ initialRetransmitMs: 1000, maxRetransmitMs: 4000, maxRetransmits: 4 }),
  );
  p.toServer = []; // the network eats everything
  for (let i = 0; i < 5; i++) p.feedClient({ type: 'timeout' });
  const ms = ofType(p.clientOutputs, 'setTimer').map((t) => t.ms);
  assert.deepEqual(ms, [1000, 2000, 4000, 4000, 4000]);
  assert.equal(sends(p.clientOutputs).length, 5, 'one ClientHello and four retransmissions');
  assert.equal(ofType(p.clientOutputs, 'closed')[0]?.reason, 'timeout');
});

test('machines: each retransmission uses fresh record sequence numbers (RFC 6347 §4.2.4)', () => {
  const p = new Pair();
  p.feedClient({ type: 'timeout' });
  const seqs = sends(p.clientOutputs).map((d) => parseRecords(d).records[0]!.sequenceNumber);
  assert.deepEqual(seqs, [0, 1]);
});

test('machines: handshake messages are fragmented to the MTU and reassembled', () => {
  const hint = Buffer.alloc(300, 0x41);
  const p = new Pair(serverConfig({ mtu: 120, pskIdentityHint: hint }), clientConfig({ mtu: 120 }));
  p.run();
  assert.equal(p.client.phase, 'established');
  for (const d of sends(p.serverOutputs)) assert.ok(d.length <= 120, `datagram of ${d.length} bytes`);
});

test('machines: replayed application records are dropped; forged ones are dropped without an alert', () => {
  const p = new Pair();
  p.run();
  p.feedClient({ type: 'send', data: Buffer.from('once') });
  const rec = p.toServer[0]!;
  p.run();
  p.feedServer({ type: 'datagram', data: rec });
  const forged = Buffer.from(rec);
  forged[forged.length - 1]! ^= 1;
  forged[10]! ^= 0x40; // a new sequence number, so the window does not drop it first
  p.feedServer({ type: 'datagram', data: forged });
  assert.deepEqual(
    ofType(p.serverOutputs, 'deliver').map((d) => d.data.toString()),
    ['once'],
  );
  assert.equal(p.server?.phase, 'established');
  assert.deepEqual(alertsSent(p.serverOutputs), []);
});

test('machines: close sends close_notify; the peer closes on it', () => {
  const p = new Pair();
  p.run();
  p.feedClient({ type: 'close' });
  p.run();
  assert.deepEqual(alertsSent(p.clientOutputs), [AlertDescription.closeNotify]);
  assert.equal(ofType(p.serverOutputs, 'closed')[0]?.reason, 'close_notify');
  assert.equal(p.server?.phase, 'closed');
  p.feedServer({ type: 'send', data: Buffer.from('late') });
  assert.equal(sends(p.serverOutputs).filter((d) => parseRecords(d).records[0]?.type === 23).length, 0);
});

test('machines: an unexpected handshake message is a fatal unexpected_message', () => {
  const p = new Pair();
  p.run();
  // A ServerHelloDone with the next message_seq (4), in plaintext epoch 0, after the handshake.
  const bogus = Buffer.from('16fefd0000000000000063000c0e0000000004000000000000', 'hex');
  p.feedClient({ type: 'datagram', data: bogus });
  assert.deepEqual(alertsSent(p.clientOutputs), [AlertDescription.unexpectedMessage]);
  assert.equal(p.client.phase, 'closed');
});

test('machines: every phase has a row in the transition tables (the tables draw the state diagram)', () => {
  assert.deepEqual(Object.keys(serverTransitions).sort(), [
    'awaitClientHello',
    'awaitClientKeyExchange',
    'awaitFinished',
    'awaitPsk',
    'closed',
    'established',
  ]);
  assert.deepEqual(Object.keys(clientTransitions).sort(), [
    'awaitFinished',
    'awaitServerHello',
    'awaitServerHelloDone',
    'closed',
    'established',
    'start',
  ]);
  assert.equal(serverTransitions.awaitPsk.clientKeyExchange, undefined, 'no second lookup from the table');
});

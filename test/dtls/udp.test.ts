import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import diagnosticsChannel from 'node:diagnostics_channel';
import {
  AlertDescription,
  type DtlsServer,
  type DtlsServerOptions,
  connectDtls,
  createDtlsServer,
  serializeClientHello,
  serializeHandshakeFragment,
  serializeRecord,
} from '../../src/dtls/index.js';
import { IDENTITY, PSK } from './harness.js';

async function withServer(
  options: Partial<DtlsServerOptions>,
  body: (server: DtlsServer) => Promise<void>,
): Promise<void> {
  const server = await createDtlsServer({
    port: 0,
    host: '127.0.0.1',
    getPsk: async (id) => (id.equals(IDENTITY) ? PSK : undefined),
    ...options,
  });
  server.on('session', (s) => s.on('data', (d) => s.send(Buffer.concat([Buffer.from('echo:'), d]))));
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

const connect = (port: number, over: Partial<Parameters<typeof connectDtls>[0]> = {}) =>
  connectDtls({ host: '127.0.0.1', port, identity: IDENTITY, psk: PSK, initialRetransmitMs: 100, ...over });

test('udp: our client and server complete the handshake on 127.0.0.1 and echo data', async () => {
  await withServer({}, async (server) => {
    const c = await connect(server.port);
    assert.equal(c.cipherSuite, 'TLS_PSK_WITH_AES_128_CCM_8');
    assert.equal(c.extendedMasterSecret, true);
    const got = new Promise<string>((resolve) => c.once('data', (d) => resolve(d.toString())));
    c.send(Buffer.from('ping'));
    assert.equal(await got, 'echo:ping');
    assert.deepEqual(server.stats(), { sessions: 1, halfOpen: 0 });
    const closed = new Promise<string>((resolve) => c.once('close', resolve));
    c.close();
    assert.equal(await closed, 'local');
    assert.throws(() => c.send(Buffer.from('x')), { code: 'ERR_DTLS_CLOSED' });
  });
});

test('udp: a wrong key is refused with bad_record_mac; an unknown identity with unknown_psk_identity', async () => {
  await withServer({}, async (server) => {
    await assert.rejects(connect(server.port, { psk: Buffer.alloc(16, 1) }), {
      code: 'ERR_DTLS_ALERT',
      alert: AlertDescription.badRecordMac,
    });
    await assert.rejects(connect(server.port, { identity: 'deadbeef.nobody' }), {
      code: 'ERR_DTLS_ALERT',
      alert: AlertDescription.unknownPskIdentity,
    });
    assert.deepEqual(server.stats(), { sessions: 0, halfOpen: 0 });
  });
});

test('udp: a slow PSK lookup runs once although the client retransmits flight 5', async () => {
  let lookups = 0;
  await withServer(
    {
      getPsk: async () => {
        lookups++;
        await new Promise((r) => setTimeout(r, 400));
        return PSK;
      },
    },
    async (server) => {
      const c = await connect(server.port, { initialRetransmitMs: 50 });
      assert.equal(lookups, 1);
      c.close();
    },
  );
});

test('udp: a PSK lookup that does not answer in time ends in internal_error', async () => {
  await withServer(
    { getPsk: () => new Promise(() => undefined), pskLookupTimeoutMs: 150 },
    async (server) => {
      await assert.rejects(connect(server.port), {
        code: 'ERR_DTLS_ALERT',
        alert: AlertDescription.internalError,
      });
    },
  );
});

test('udp: past maxHalfOpen new handshakes are dropped; the client times out', async () => {
  const dropped: unknown[] = [];
  const onDrop = (m: unknown): void => void dropped.push(m);
  diagnosticsChannel.subscribe('ciotsec:dtls:dropped', onDrop);
  try {
    await withServer(
      { getPsk: () => new Promise(() => undefined), maxHalfOpen: 1, pskLookupTimeoutMs: 3000 },
      async (server) => {
        const first = connect(server.port, { maxRetransmits: 3 }).catch((e: unknown) => e);
        await new Promise((r) => setTimeout(r, 200));
        assert.deepEqual(server.stats(), { sessions: 1, halfOpen: 1 });
        await assert.rejects(connect(server.port, { initialRetransmitMs: 50, maxRetransmits: 2 }), {
          code: 'ERR_DTLS_TIMEOUT',
        });
        assert.ok(dropped.some((d) => (d as { reason: string }).reason === 'max-half-open'));
        await server.close();
        // close_notify reaches the half-open client too, which then gives up at once.
        assert.equal(((await first) as { code?: string }).code, 'ERR_DTLS_CLOSED');
      },
    ).catch(() => undefined);
  } finally {
    diagnosticsChannel.unsubscribe('ciotsec:dtls:dropped', onDrop);
  }
  assert.ok(dropped.length > 0);
});

test('udp: a ClientHello with a bad cookie gets no answer at all', async () => {
  await withServer({}, async (server) => {
    const body = serializeClientHello({
      clientVersion: 0xfefd,
      random: Buffer.alloc(32, 5),
      sessionId: Buffer.alloc(0),
      cookie: Buffer.alloc(16, 0xee),
      cipherSuites: [0xc0a8],
      compressionMethods: [0],
      extensions: [],
    });
    const hs = serializeHandshakeFragment({
      msgType: 1,
      length: body.length,
      messageSeq: 1,
      fragmentOffset: 0,
      body,
    });
    const datagram = serializeRecord({
      type: 22,
      version: 0xfefd,
      epoch: 0,
      sequenceNumber: 1,
      fragment: hs,
    });
    const sock = createSocket('udp4');
    const answers: Buffer[] = [];
    sock.on('message', (m) => answers.push(m));
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    sock.send(datagram, server.port, '127.0.0.1');
    // The same hello without a cookie does get a HelloVerifyRequest, so silence above is the cookie's doing.
    const noCookie = serializeRecord({
      type: 22,
      version: 0xfefd,
      epoch: 0,
      sequenceNumber: 0,
      fragment: serializeHandshakeFragment({
        msgType: 1,
        length: body.length - 16,
        messageSeq: 0,
        fragmentOffset: 0,
        body: serializeClientHello({
          clientVersion: 0xfefd,
          random: Buffer.alloc(32, 5),
          sessionId: Buffer.alloc(0),
          cookie: Buffer.alloc(0),
          cipherSuites: [0xc0a8],
          compressionMethods: [0],
          extensions: [],
        }),
      }),
    });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(answers.length, 0);
    sock.send(noCookie, server.port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(answers.length, 1);
    assert.equal(answers[0]![13], 3, 'HelloVerifyRequest');
    await new Promise<void>((r) => sock.close(() => r()));
    assert.deepEqual(server.stats(), { sessions: 0, halfOpen: 0 });
  });
});

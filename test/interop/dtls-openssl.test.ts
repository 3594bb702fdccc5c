import { test } from 'node:test';
import assert from 'node:assert/strict';
import diagnosticsChannel from 'node:diagnostics_channel';
import { type DtlsServer, connectDtls, createDtlsServer } from '../../src/dtls/index.js';
import { Peer, freeUdpPort, skipUnlessPeer } from '../helpers/peer.js';

// Interop with OpenSSL (Debian `openssl`): s_client against our server, our client against s_server.
// CI installs the peer (.ci/run), so there it must be present; locally a missing binary skips.
const skip = skipUnlessPeer('openssl', 'openssl');
const PSK_HEX = '00112233445566778899aabbccddeeff';
const PSK = Buffer.from(PSK_HEX, 'hex');
const IDENTITY = '1a2b3c4d.sensor-17';
const SUITES = [
  ['PSK-AES128-CCM8', 'TLS_PSK_WITH_AES_128_CCM_8'],
  ['PSK-AES128-CCM', 'TLS_PSK_WITH_AES_128_CCM'],
  ['PSK-AES128-GCM-SHA256', 'TLS_PSK_WITH_AES_128_GCM_SHA256'],
] as const;

async function echoServer(): Promise<DtlsServer> {
  const server = await createDtlsServer({
    port: 0,
    host: '127.0.0.1',
    getPsk: async (id) => (id.toString() === IDENTITY ? PSK : undefined),
  });
  server.on('session', (s) => s.on('data', (d) => s.send(Buffer.concat([Buffer.from('echo:'), d]))));
  return server;
}

const sClient = (port: number, psk: string, identity: string, cipher: string): Peer =>
  new Peer('openssl', [
    's_client',
    '-dtls1_2',
    '-connect',
    `127.0.0.1:${port}`,
    '-psk',
    psk,
    '-psk_identity',
    identity,
    '-cipher',
    cipher,
    '-quiet',
  ]);

for (const [cipher, suite] of SUITES) {
  test(
    `interop: openssl s_client -dtls1_2 -cipher ${cipher} completes with our server and gets data echoed`,
    { skip },
    async () => {
      const server = await echoServer();
      const sessions: string[] = [];
      server.on('session', (s) =>
        sessions.push(`${s.pskIdentity.toString()} ${s.cipherSuite} ems=${s.extendedMasterSecret}`),
      );
      const peer = sClient(server.port, PSK_HEX, IDENTITY, cipher);
      try {
        peer.write('hello-from-openssl\n');
        await peer.waitFor(/echo:hello-from-openssl/);
        assert.deepEqual(sessions, [`${IDENTITY} ${suite} ems=true`]);
      } finally {
        await peer.stop();
        await server.close();
      }
    },
  );
}

async function alertsDuring(fn: () => Promise<void>): Promise<string[]> {
  const alerts: string[] = [];
  const on = (m: unknown): void => {
    const a = m as { role: string; alert: string; sent: boolean };
    if (a.role === 'server' && a.sent) alerts.push(a.alert);
  };
  diagnosticsChannel.subscribe('ciotsec:dtls:alert', on);
  try {
    await fn();
  } finally {
    diagnosticsChannel.unsubscribe('ciotsec:dtls:alert', on);
  }
  return alerts;
}

test('interop: openssl s_client with a wrong key gets bad_record_mac from our server', { skip }, async () => {
  const server = await echoServer();
  const peer = sClient(server.port, 'ff'.repeat(16), IDENTITY, 'PSK-AES128-CCM8');
  try {
    const alerts = await alertsDuring(async () => {
      await peer.waitFor(/bad record mac/i);
    });
    assert.deepEqual(alerts, ['bad_record_mac']);
    assert.notEqual(await peer.exited(), 0);
  } finally {
    await peer.stop();
    await server.close();
  }
});

test('interop: openssl s_client with an unknown identity gets unknown_psk_identity', { skip }, async () => {
  const server = await echoServer();
  const peer = sClient(server.port, PSK_HEX, 'ffffffff.stranger', 'PSK-AES128-CCM8');
  try {
    const alerts = await alertsDuring(async () => {
      await peer.waitFor(/unknown psk identity/i);
    });
    assert.deepEqual(alerts, ['unknown_psk_identity']);
  } finally {
    await peer.stop();
    await server.close();
  }
});

const sServer = (port: number, cipher: string): Peer =>
  new Peer('openssl', [
    's_server',
    '-dtls1_2',
    '-accept',
    `127.0.0.1:${port}`,
    '-psk',
    PSK_HEX,
    '-psk_identity',
    'unused-hint',
    '-nocert',
    '-cipher',
    cipher,
  ]);

for (const [cipher, suite] of SUITES) {
  test(
    `interop: our client completes with openssl s_server -dtls1_2 -nocert -cipher ${cipher}, both directions`,
    { skip },
    async () => {
      const port = await freeUdpPort();
      const peer = sServer(port, cipher);
      try {
        await peer.waitFor(/ACCEPT/);
        const c = await connectDtls({ host: '127.0.0.1', port, identity: IDENTITY, psk: PSK });
        assert.equal(c.cipherSuite, suite);
        assert.equal(c.extendedMasterSecret, true);
        c.send(Buffer.from('hello-from-ciotsec\n'));
        await peer.waitFor(/hello-from-ciotsec/);
        await peer.waitFor(/CIPHER is/);
        const got = new Promise<string>((resolve) => c.on('data', (d) => resolve(d.toString())));
        peer.write('hello-from-openssl\n');
        assert.equal(await got, 'hello-from-openssl\n');
        c.close();
      } finally {
        await peer.stop();
      }
    },
  );
}

// OpenSSL's DTLS server discards a Finished that fails to authenticate without an alert (RFC 6347
// §4.1.2.7 allows either), so our client sees no answer and gives up after its retransmissions.
test(
  'interop: our client with a wrong key does not get a session from openssl s_server',
  { skip },
  async () => {
    const port = await freeUdpPort();
    const peer = sServer(port, 'PSK-AES128-CCM8');
    try {
      await peer.waitFor(/ACCEPT/);
      await assert.rejects(
        connectDtls({
          host: '127.0.0.1',
          port,
          identity: IDENTITY,
          psk: Buffer.alloc(16, 0xff),
          initialRetransmitMs: 200,
          maxRetransmits: 2,
        }),
        { code: 'ERR_DTLS_TIMEOUT' },
      );
      assert.doesNotMatch(peer.out, /CIPHER is/);
    } finally {
      await peer.stop();
    }
  },
);

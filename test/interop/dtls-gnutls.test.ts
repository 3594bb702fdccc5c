import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDtls, createDtlsServer } from '../../src/dtls/index.js';
import { Peer, freeUdpPort, skipUnlessPeer } from '../helpers/peer.js';

// Interop with GnuTLS (Debian `gnutls-bin`): gnutls-cli --udp against our server, our client against
// gnutls-serv --udp. CI installs gnutls-bin (.ci/run); locally a missing binary skips.
const skipCli = skipUnlessPeer('gnutls-cli', 'gnutls-bin');
const skipServ = skipUnlessPeer('gnutls-serv', 'gnutls-bin');
const PSK_HEX = '00112233445566778899aabbccddeeff';
const PSK = Buffer.from(PSK_HEX, 'hex');
const IDENTITY = '1a2b3c4d.sensor-17';
const PRIORITY =
  'NORMAL:-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:+PSK:-CIPHER-ALL:+AES-128-CCM-8:+AES-128-CCM:+AES-128-GCM';

for (const [gnutlsCipher, suite] of [
  ['AES-128-CCM-8', 'TLS_PSK_WITH_AES_128_CCM_8'],
  ['AES-128-CCM', 'TLS_PSK_WITH_AES_128_CCM'],
  ['AES-128-GCM', 'TLS_PSK_WITH_AES_128_GCM_SHA256'],
] as const) {
  test(
    `interop: gnutls-cli --udp (PSK, ${gnutlsCipher}) completes with our server and gets data echoed`,
    { skip: skipCli },
    async () => {
      const server = await createDtlsServer({
        port: 0,
        host: '127.0.0.1',
        getPsk: async (id) => (id.toString() === IDENTITY ? PSK : undefined),
      });
      const suites: string[] = [];
      server.on('session', (s) => {
        suites.push(s.cipherSuite);
        s.on('data', (d) => s.send(Buffer.concat([Buffer.from('echo:'), d])));
      });
      const peer = new Peer('gnutls-cli', [
        '--udp',
        '-p',
        String(server.port),
        '127.0.0.1',
        '--pskusername',
        IDENTITY,
        '--pskkey',
        PSK_HEX,
        '--priority',
        `NORMAL:-VERS-ALL:+VERS-DTLS1.2:-KX-ALL:+PSK:-CIPHER-ALL:+${gnutlsCipher}`,
      ]);
      try {
        await peer.waitFor(/Handshake was completed/);
        peer.write('hello-from-gnutls\n');
        await peer.waitFor(/echo:hello-from-gnutls/);
        assert.deepEqual(suites, [suite]);
        assert.match(peer.out, /extended master secret/);
      } finally {
        await peer.stop();
        await server.close();
      }
    },
  );
}

test(
  'interop: our client completes with gnutls-serv --udp --echo (PSK) and gets data echoed',
  { skip: skipServ },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ciotsec-gnutls-'));
    const pskFile = join(dir, 'psk.txt');
    writeFileSync(pskFile, `${IDENTITY}:${PSK_HEX}\n`);
    const port = await freeUdpPort();
    // gnutls-serv has no bind-address option: it listens on all interfaces; we connect to 127.0.0.1.
    const peer = new Peer('gnutls-serv', [
      '--udp',
      '--echo',
      '-p',
      String(port),
      '--pskpasswd',
      pskFile,
      '--priority',
      PRIORITY,
    ]);
    try {
      await peer.waitFor(/listening on IPv4/);
      const c = await connectDtls({ host: '127.0.0.1', port, identity: IDENTITY, psk: PSK });
      assert.equal(c.cipherSuite, 'TLS_PSK_WITH_AES_128_CCM_8');
      const got = new Promise<string>((resolve) => c.on('data', (d) => resolve(d.toString())));
      c.send(Buffer.from('hello-from-ciotsec\n'));
      assert.equal(await got, 'hello-from-ciotsec\n');
      c.close();
    } finally {
      await peer.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

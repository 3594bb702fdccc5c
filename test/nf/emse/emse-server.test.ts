import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import tls from 'node:tls';
import { loadConfig } from '../../../src/config/load.js';
import { SecretKey } from '../../../src/crypto/secret-key.js';
import {
  CoapCode,
  CoapSignal,
  parseCoapTcpFrame,
  serializeCoapTcpFrame,
  uriPathOptions,
} from '../../../src/coap/index.js';
import { EmseClient } from '../../../src/device/ue/emse-client.js';
import {
  type EmseServer,
  type EmseServerConfig,
  type KeySource,
  emseServerConfigSchema,
  peekTlsPskIdentity,
  startEmseServer,
} from '../../../src/nf/emse/index.js';

const UE = 'sensor-17@iot-platform.example';
const KEY_ID = '1a2b3c4d';
const KEY = SecretKey.from(randomBytes(32));

/** A key source standing in for the EMKS, counting fetches. */
function staticKeys(): KeySource & { fetches: string[] } {
  const cache = new Map<string, SecretKey>();
  const fetches: string[] = [];
  return {
    fetches,
    async getKey(ueId, keyId) {
      fetches.push(`${ueId}/${keyId}`);
      if (ueId !== UE || keyId !== KEY_ID) return undefined;
      cache.set(`${ueId}/${keyId}`, KEY);
      return KEY;
    },
    cachedKey: (ueId, keyId) => cache.get(`${ueId}/${keyId}`),
  };
}

async function emse(keys: KeySource, knownIdentities: string[] = []): Promise<EmseServer> {
  const cfg = loadConfig<EmseServerConfig>(emseServerConfigSchema, {
    overrides: { 'listen.dtlsPort': 0, 'listen.tlsPort': 0, knownIdentities },
  });
  return startEmseServer(cfg, { keys });
}

test('emse config: defaults are CoAPS 5684/udp and 5685/tcp on 127.0.0.1; unknown keys fail', () => {
  const cfg = loadConfig<EmseServerConfig>(emseServerConfigSchema, {});
  assert.deepEqual(cfg.listen, { host: '127.0.0.1', dtlsPort: 5684, tlsPort: 5685 });
  assert.equal(cfg.pki.instance, 'emse-1');
  assert.throws(() => loadConfig(emseServerConfigSchema, { overrides: { 'listen.udp': 1 } }), {
    code: 'ERR_CONFIG',
  });
});

test('emse: device completes DTLS-PSK (compact psk_identity resolved), POST /measurements 2.01, GET /status 2.05, else 4.04', async () => {
  const keys = staticKeys();
  const s = await emse(keys, [UE]);
  const c = await EmseClient.connect({
    host: '127.0.0.1',
    port: s.dtlsPort,
    ueId: UE,
    e2m: { keyId: KEY_ID, key: KEY },
  });
  try {
    assert.equal(c.pskIdentity.length, 31, 'compact form');
    const post = await c.request(CoapCode.POST, 'measurements', Buffer.from('21.5'));
    assert.equal(post.code, CoapCode.CREATED);
    assert.equal(post.payload.toString(), '21.5');
    const get = await c.request(CoapCode.GET, 'status');
    assert.equal(get.code, CoapCode.CONTENT);
    assert.deepEqual(JSON.parse(get.payload.toString()), { emse: 'emse-1', ue: UE, measurements: 1 });
    assert.equal((await c.request(CoapCode.GET, 'nothing-here')).code, CoapCode.NOT_FOUND);
    assert.equal((await c.request(CoapCode.GET, 'measurements')).code, CoapCode.METHOD_NOT_ALLOWED);
    assert.deepEqual(keys.fetches, [`${UE}/${KEY_ID}`]);
  } finally {
    c.close();
    await s.close();
  }
});

test('emse: a compact psk_identity the EMSE cannot resolve ends in unknown_psk_identity', async () => {
  const s = await emse(staticKeys());
  try {
    await assert.rejects(
      EmseClient.connect({ host: '127.0.0.1', port: s.dtlsPort, ueId: UE, e2m: { keyId: KEY_ID, key: KEY } }),
      { code: 'ERR_DTLS_ALERT', alert: 115 },
    );
  } finally {
    await s.close();
  }
});

function tlsConnect(
  port: number,
  version: 'TLSv1.2' | 'TLSv1.3',
  identity: string,
  key: Buffer,
): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      minVersion: version,
      maxVersion: version,
      // OpenSSL ≥ 3.2 offers CCM_8 only at security level 0.
      ciphers: version === 'TLSv1.2' ? 'PSK-AES128-CCM8:@SECLEVEL=0' : 'TLS_AES_128_GCM_SHA256',
      checkServerIdentity: () => undefined,
      pskCallback: () => ({ psk: key, identity }),
    });
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', reject);
  });
}

for (const version of ['TLSv1.2', 'TLSv1.3'] as const) {
  test(`emse: TLS-PSK ${version} — key fetched before the synchronous pskCallback; CoAP over TLS (RFC 8323) GET /status`, async () => {
    const keys = staticKeys();
    const s = await emse(keys);
    let good: tls.TLSSocket | undefined;
    try {
      const sock = await tlsConnect(s.tlsPort!, version, `${KEY_ID}.stranger`, KEY.export()).catch(
        (e: Error) => e,
      );
      // An identity the key source does not know: the handshake fails.
      assert.ok(sock instanceof Error);
      const conn = await tlsConnect(s.tlsPort!, version, `${KEY_ID}.${UE}`, KEY.export());
      good = conn;
      assert.equal(conn.getProtocol(), version);
      const frames: Buffer[] = [];
      let buf = Buffer.alloc(0);
      const got = new Promise<void>((resolve) =>
        conn.on('data', (d: Buffer) => {
          buf = Buffer.concat([buf, d]);
          for (
            let r = parseCoapTcpFrame(buf);
            r !== 'more' && !(r instanceof Error);
            r = parseCoapTcpFrame(buf)
          ) {
            frames.push(Buffer.from([r.message.code]), r.message.payload);
            buf = buf.subarray(r.consumed);
            if (r.message.code === CoapCode.CONTENT) resolve();
          }
        }),
      );
      conn.write(
        serializeCoapTcpFrame({
          code: CoapSignal.CSM,
          token: Buffer.alloc(0),
          options: [],
          payload: Buffer.alloc(0),
        }),
      );
      conn.write(
        serializeCoapTcpFrame({
          code: CoapCode.GET,
          token: Buffer.from([1]),
          options: uriPathOptions('status'),
          payload: Buffer.alloc(0),
        }),
      );
      await got;
      assert.equal(frames[0]![0], CoapSignal.CSM);
      assert.equal(JSON.parse(frames[3]!.toString()).ue, UE);
      assert.ok(keys.fetches.includes(`${UE}/${KEY_ID}`));
    } finally {
      good?.destroy();
      await s.close();
    }
  });
}

test('peekTlsPskIdentity: incomplete input asks for more; non-handshake records give none', () => {
  assert.deepEqual(peekTlsPskIdentity(Buffer.from([22, 3, 1, 0])), { kind: 'more', forwardable: 0 });
  assert.deepEqual(peekTlsPskIdentity(Buffer.from('GET / HTTP/1.1\r\n')), { kind: 'none' });
  // A TLS 1.2 ClientKeyExchange (type 16) with identity "abc" in one record.
  const cke = Buffer.from([16, 0, 0, 5, 0, 3, 0x61, 0x62, 0x63]);
  const rec = Buffer.concat([Buffer.from([22, 3, 3, 0, cke.length]), cke]);
  const r = peekTlsPskIdentity(rec);
  assert.equal(r.kind, 'found');
  assert.equal(r.kind === 'found' && r.identity.toString(), 'abc');
});

// SBI benchmarks: EMKS key fetch over HTTP/2 mutual TLS against a bare Node HTTP/2 TLS server
// answering a constant (same TLS material, same client), and HSS vectors with e2m pushes.
import { createSecureServer } from 'node:http2';
import { randomBytes } from 'node:crypto';
import { SbiClient } from '../src/sbi/client.js';
import { tlsOptions } from '../src/sbi/tls-profile.js';
import { SecretKey } from '../src/crypto/secret-key.js';
import { outboxDrained, startDevNetwork } from '../src/cli/scenarios/network.js';

type Compare = (
  subject: () => unknown | Promise<unknown>,
  baseline: () => unknown | Promise<unknown>,
  batch?: number,
) => Promise<{ value: number; baseline: number }>;
type Report = (name: string, unit: string, value: number, baselineName: string, baseline: number) => void;

export async function sbiBenchmarks(compare: Compare, report: Report): Promise<void> {
  const net = await startDevNetwork();
  const imsi = '001010000000901';
  const plain = '001010000000902';
  const emseTls = net.tls('emse', 'emse-1');
  const bare = createSecureServer(
    { ...tlsOptions(emseTls), requestCert: true, rejectUnauthorized: true },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ueId":"imsi-001010000000901","keyId":"00000001","emseId":"emse-1","e2mKey":"00"}');
    },
  );
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const barePort = (bare.address() as { port: number }).port;
  const emse = new SbiClient({ baseUrl: net.emks.url, tls: emseTls });
  const bareClient = new SbiClient({ baseUrl: `https://127.0.0.1:${barePort}`, tls: emseTls });
  const sn = new SbiClient({ baseUrl: net.hss.url, tls: net.tls('sn') });
  try {
    await net.emks.store.putKey(
      imsi,
      Buffer.from('00000001', 'hex'),
      SecretKey.from(randomBytes(32)),
      3,
      new Date(),
    );
    await net.emks.store.setAuthorisations('emse-1', [`imsi-${imsi}`]);
    const sid = (
      await emse.json<{ sessionId: string }>('POST', '/nemks-e2m/v1/emse-sessions', { emseId: 'emse-1' })
    ).body.sessionId;
    const path = `/nemks-e2m/v1/emse-sessions/${sid}/e2m-keys?ueId=imsi-${imsi}&keyId=00000001`;
    const f = await compare(
      () => emse.json('GET', path),
      () => bareClient.json('GET', path),
      20,
    );
    report('emks.key-fetch.mtls-keepalive', 'fetches/s', f.value, 'node-http2-tls.constant', f.baseline);

    for (const [i, e2m] of [
      [imsi, true],
      [plain, false],
    ] as const) {
      await net.oam.hss.json('POST', '/hss-prov/v1/subscribers', {
        imsi: i,
        k: randomBytes(16).toString('hex'),
        opc: randomBytes(16).toString('hex'),
        profile: { e2m },
      });
    }
    const body = { vectorType: 'umts' };
    // e2m requests include the outbox write; draining is awaited so that pushes are part of the cost.
    let sinceDrain = 0;
    const h = await compare(
      async () => {
        await sn.json('POST', `/hss-ueau/v1/${imsi}/authentication-info`, body);
        if (++sinceDrain === 20) {
          sinceDrain = 0;
          await outboxDrained(net.hss, 30_000);
        }
      },
      () => sn.json('POST', `/hss-ueau/v1/${plain}/authentication-info`, body),
      20,
    );
    report('hss.auth-info+e2m-push.mtls', 'vectors+pushes/s', h.value, 'hss.auth-info.no-e2m', h.baseline);
  } finally {
    emse.close();
    bareClient.close();
    sn.close();
    await new Promise<void>((r) => bare.close(() => r()));
    await net.close();
  }
}

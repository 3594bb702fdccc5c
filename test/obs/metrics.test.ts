import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SecretKey } from '../../src/crypto/secret-key.js';
import { EmksKeyClient } from '../../src/nf/emse/index.js';
import { startDevNetwork } from '../../src/cli/scenarios/network.js';

test('Prometheus metrics: SBI requests by route template and status, procedure events; no identities, no keys', async () => {
  const net = await startDevNetwork({ metrics: true });
  const kc = new EmksKeyClient({ emksUrl: net.emks.url, tls: net.tls('emse', 'emse-1'), emseId: 'emse-1' });
  const imsi = '001010000000501';
  const secretIdentity = 'private-meter-77@customer.example';
  try {
    const key = randomBytes(32);
    await net.emks.store.putKey(imsi, Buffer.from('0badf00d', 'hex'), SecretKey.from(key), 3, new Date());
    await net.emks.store.setIdentity(secretIdentity, imsi);
    await net.emks.store.setAuthorisations('emse-1', [secretIdentity]);
    assert.ok(await kc.getKey(secretIdentity, '0badf00d'));
    assert.equal(await kc.getKey(secretIdentity, '00000000'), undefined);
    assert.ok(net.emks.metricsUrl);
    const res = await fetch(net.emks.metricsUrl);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    const text = await res.text();
    assert.match(
      text,
      /ciotsec_sbi_requests_total\{[^}]*route="\/nemks-e2m\/v1\/emse-sessions\/:sessionId\/e2m-keys"[^}]*status="200"[^}]*\} 1/,
    );
    assert.match(text, /ciotsec_sbi_requests_total\{[^}]*status="404"[^}]*\} 1/);
    assert.match(
      text,
      /ciotsec_events_total\{[^}]*event="ciotsec:emks:key-release",outcome="released"[^}]*\} 1/,
    );
    assert.match(text, /ciotsec_events_total\{[^}]*outcome="not-found"[^}]*\} 1/);
    assert.match(text, /ciotsec_process_/);
    for (const leak of [secretIdentity, key.toString('hex'), imsi])
      assert.ok(!text.includes(leak), `metrics leak ${leak}`);
    assert.equal((await fetch(net.emks.metricsUrl.replace('/metrics', '/other'))).status, 404);
    assert.ok(net.hss.metricsUrl);
    assert.match(await (await fetch(net.hss.metricsUrl)).text(), /function="hss"/);
  } finally {
    kc.close();
    await net.close();
  }
});

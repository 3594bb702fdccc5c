import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAkaDemo } from '../../src/cli/scenarios/aka-demo.js';
import { SecretKey } from '../../src/crypto/secret-key.js';
import { SqliteSubscriberStore } from '../../src/store/sqlite/subscriber-store.js';
import { main } from '../../src/cli/main.js';

test('demo: provision, AKA, e2m keys, forced resync, replay refused — on an SQLite file', async () => {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'ciotsec-demo-test-')), 'hss.db');
  const masterKey = SecretKey.from(randomBytes(32));
  const { steps } = await runAkaDemo({ dbPath, masterKey });
  const by = Object.fromEntries(steps.map((s) => [s.step, s.detail]));
  assert.deepEqual(
    steps.map((s) => s.step),
    ['provision', 'aka', 'e2m-keys', 'desynchronise', 'sync-failure', 'resync', 'replay'],
  );
  assert.equal(by['aka']?.['usim'], 'success');
  assert.equal(by['aka']?.['res_matches_xres'], true);
  assert.equal(by['e2m-keys']?.['ue_and_hss_agree'], true);
  assert.equal(by['sync-failure']?.['reason'], 'replay');
  assert.equal(by['resync']?.['usim'], 'success');
  assert.equal(by['replay']?.['usim'], 'sync-failure');
  // The store on disk holds the subscriber with the SQN the demo ended on.
  const store = SqliteSubscriberStore.open(dbPath, masterKey);
  const s = await store.get('001010123456789');
  assert.equal(s?.sqn, by['resync']?.['next_sqn']);
  await store.close();
});

test('ciotsec demo --json prints one object and no key material', async () => {
  const out: string[] = [];
  const status = await main(['demo', '--json'], { out: (l) => out.push(l), err: () => undefined });
  assert.equal(status, 0);
  assert.equal(out.length, 1);
  const o = JSON.parse(out[0]!) as { steps: { step: string; detail: Record<string, unknown> }[] };
  assert.equal(o.steps.length, 24);
  const onboard = o.steps.find((s) => s.step === 'ees-onboard')?.detail;
  assert.equal(onboard?.['certificate_verifies_under_ecsp_ca'], true);
  assert.equal(o.steps.find((s) => s.step === 'ees-deregister')?.detail['certificate_revoked'], true);
  assert.ok(!out[0]!.includes('eyJ'), 'no JWT in the demo output');
  const fetch = o.steps.find((s) => s.step === 'emse-fetch')?.detail;
  assert.equal(fetch?.['same_key'], true, 'UE and EMSE hold the same e2m_key');
  assert.equal(fetch?.['ue_e2m_key'], fetch?.['emse_e2m_key']);
  assert.equal(o.steps.find((s) => s.step === 'hss-push')?.detail['e2m_int_key_pushed_to_emks'], true);
  const dtls = o.steps.find((s) => s.step === 'emse-dtls')?.detail;
  assert.equal(dtls?.['cipher_suite'], 'TLS_PSK_WITH_AES_128_CCM_8');
  assert.equal(dtls?.['psk'], fetch?.['ue_e2m_key'], 'the DTLS PSK is the AKA-derived e2m_key');
  const coap = o.steps.find((s) => s.step === 'emse-coap')?.detail;
  assert.equal(coap?.['post_measurements'], '2.01');
  assert.equal(coap?.['get_status'], '2.05');
  assert.equal(coap?.['emse_stored'], 1);
  for (const s of o.steps) {
    for (const [k, v] of Object.entries(s.detail)) {
      if (/^(k|opc|kasme|e2m_int_key|e2m_key|ue_e2m_key|emse_e2m_key|psk|serving_key)$/.test(k))
        assert.match(String(v), /^SecretKey\(fp=[0-9a-f]{16}\)$/, k);
    }
  }
});

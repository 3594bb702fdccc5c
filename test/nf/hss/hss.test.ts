import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import diagnosticsChannel from 'node:diagnostics_channel';
import { SecretKey } from '../../../src/crypto/secret-key.js';
import { SqliteSubscriberStore } from '../../../src/store/sqlite/subscriber-store.js';
import { createHss, hssConfig } from '../../../src/nf/hss/index.js';
import { UsimSimulator } from '../../../src/device/usim/index.js';
import { splitSqn } from '../../../src/aka/sqn.js';

async function setup() {
  const store = SqliteSubscriberStore.open(':memory:', SecretKey.from(randomBytes(32)));
  const k = SecretKey.from(randomBytes(16));
  const opc = SecretKey.from(randomBytes(16));
  const imsi = '001010000000042';
  await store.add({ imsi, k, opc, amf: Buffer.from('8000', 'hex'), profile: { e2m: false, e2e: false } });
  const config = hssConfig();
  return {
    store,
    imsi,
    hss: createHss({ config, store }),
    usim: new UsimSimulator({ imsi, k, opc, sqn: config.sqn }),
  };
}

test('TestAuthentication: the USIM accepts a batch of vectors issued by the HSS, in order', async () => {
  const { store, imsi, hss, usim } = await setup();
  const { vectors } = await hss.generateAuthVectors({ imsi, count: 5, ind: 3 });
  assert.deepEqual(
    vectors.map((v) => splitSqn(v.sqn, 5)),
    [1, 2, 3, 4, 5].map((seq) => ({ seq, ind: 3 })),
  );
  for (const v of vectors) {
    const r = usim.authenticate(v.rand, v.autn);
    assert.equal(r.kind, 'success');
    if (r.kind === 'success') assert.deepEqual(r.res, v.xres);
  }
  assert.equal(new Set(vectors.map((v) => v.rand.toString('hex'))).size, 5, 'fresh RAND per vector');
  await store.close();
});

test('TestReSynchronization: HSS rolled back, USIM sends AUTS, HSS resets SQN_HE, next vector accepted', async () => {
  const { store, imsi, hss, usim } = await setup();
  for (const v of (await hss.generateAuthVectors({ imsi, count: 4 })).vectors)
    usim.authenticate(v.rand, v.autn);
  await store.updateSqn(imsi, () => ({ sqn: 0, result: undefined }));
  const events: unknown[] = [];
  const onResync = (e: unknown): void => void events.push(e);
  diagnosticsChannel.subscribe('ciotsec:hss:resync', onResync);
  try {
    const stale = (await hss.generateAuthVectors({ imsi })).vectors[0]!;
    const r = usim.authenticate(stale.rand, stale.autn);
    assert.equal(r.kind, 'sync-failure');
    if (r.kind !== 'sync-failure') return;
    const rs = await hss.resynchronise({ imsi, rand: stale.rand, auts: r.auts });
    assert.equal(rs.sqnMs, r.sqnMs);
    assert.equal(rs.sqnHe, r.sqnMs);
    const fresh = (await hss.generateAuthVectors({ imsi })).vectors[0]!;
    assert.equal(usim.authenticate(fresh.rand, fresh.autn).kind, 'success');
    assert.equal(events.length, 1);
    assert.equal(JSON.stringify(events).includes('opc'), false);
  } finally {
    diagnosticsChannel.unsubscribe('ciotsec:hss:resync', onResync);
  }
  await store.close();
});

test('a forged AUTS is refused and leaves SQN_HE as it was', async () => {
  const { store, imsi, hss } = await setup();
  await hss.generateAuthVectors({ imsi, count: 2 });
  const before = (await store.get(imsi))?.sqn;
  await assert.rejects(hss.resynchronise({ imsi, rand: randomBytes(16), auts: randomBytes(14) }), {
    code: 'ERR_AUTS_MAC_FAILURE',
  });
  assert.equal((await store.get(imsi))?.sqn, before);
  await store.close();
});

test('request limits: count bounds, unknown IMSI, wrong AMF length', async () => {
  const { store, imsi, hss } = await setup();
  await assert.rejects(hss.generateAuthVectors({ imsi, count: 6 }), { code: 'ERR_TOO_MANY_VECTORS' });
  await assert.rejects(hss.generateAuthVectors({ imsi, count: 0 }), { code: 'ERR_INVALID_INPUT' });
  await assert.rejects(hss.generateAuthVectors({ imsi: '001019999999999' }), {
    code: 'ERR_SUBSCRIBER_NOT_FOUND',
  });
  await assert.rejects(hss.generateAuthVectors({ imsi, amf: Buffer.alloc(3) }), {
    code: 'ERR_INVALID_INPUT',
  });
  assert.equal((await store.get(imsi))?.sqn, 0, 'refused requests consumed no SQN');
  await store.close();
});

test('a re-provisioned K for the same IMSI never meets a cached cipher of the old K', async () => {
  const { store, imsi, hss } = await setup();
  await hss.generateAuthVectors({ imsi }); // fills the Milenage cache for the old K
  await store.remove(imsi);
  const k = SecretKey.from(randomBytes(16));
  const opc = SecretKey.from(randomBytes(16));
  await store.add({ imsi, k, opc, amf: Buffer.from('8000', 'hex'), profile: { e2m: false, e2e: false } });
  const v = (await hss.generateAuthVectors({ imsi })).vectors[0]!;
  assert.equal(new UsimSimulator({ imsi, k, opc }).authenticate(v.rand, v.autn).kind, 'success');
  await store.close();
});

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { SecretKey } from '../../src/crypto/secret-key.js';
import { createHss, hssConfig } from '../../src/nf/hss/index.js';
import type { NewSubscriber } from '../../src/store/subscriber-store.js';
import { backends, openSubscriberStore } from '../helpers/backends.js';

// One contract suite for SubscriberStore, run against every backend (SQLite drivers, PostgreSQL).
const all = await backends();
after(async () => {
  for (const b of all) await b.cleanup();
});

const master = (): SecretKey => SecretKey.from(randomBytes(32));
const subscriber = (imsi: string, k = randomBytes(16), opc = randomBytes(16)): NewSubscriber => ({
  imsi,
  k: SecretKey.from(k),
  opc: SecretKey.from(opc),
  amf: Buffer.from('8000', 'hex'),
  profile: { e2m: true, e2e: false },
});

test('at least one backend, and PostgreSQL where CI runs', () => {
  assert.ok(all.length > 0);
  if (process.env['CI'] !== undefined) assert.ok(all.some((b) => b.name === 'postgres'));
});

for (const b of all) {
  test(`[${b.name}] add, get, list, remove round-trip; a duplicate IMSI is refused; a bad IMSI is refused`, async () => {
    const store = await openSubscriberStore(b.fresh(), master());
    const k = randomBytes(16);
    const opc = randomBytes(16);
    await store.add(subscriber('001010000000001', k, opc));
    const s = await store.get('001010000000001');
    assert.ok(s);
    assert.deepEqual(s.k.export(), k);
    assert.deepEqual(s.opc.export(), opc);
    assert.equal(s.sqn, 0);
    assert.deepEqual(s.profile, { e2m: true, e2e: false });
    await assert.rejects(store.add(subscriber('001010000000001')), { code: 'ERR_SUBSCRIBER_EXISTS' });
    await assert.rejects(store.add(subscriber('12ab')), { code: 'ERR_INVALID_INPUT' });
    assert.deepEqual(await store.list(), ['001010000000001']);
    assert.equal(await store.remove('001010000000001'), true);
    assert.equal(await store.remove('001010000000001'), false);
    assert.equal(await store.get('001010000000001'), undefined);
    await store.close();
  });

  test(`[${b.name}] K, OPc and outbox keys are encrypted at rest`, async () => {
    const loc = b.fresh();
    const store = await openSubscriberStore(loc, master());
    const k = randomBytes(16);
    const opc = randomBytes(16);
    const e2m = randomBytes(32);
    await store.add(subscriber('001010000000002', k, opc));
    await store.updateSqn('001010000000002', () => ({
      sqn: 32,
      result: undefined,
      outbox: [
        { imsi: '001010000000002', keyId: Buffer.from('01020304', 'hex'), e2mIntKey: SecretKey.from(e2m) },
      ],
    }));
    await store.close();
    const bytes = await b.rawBytes(loc);
    assert.ok(bytes.length > 0);
    for (const [name, secret] of [
      ['K', k],
      ['OPc', opc],
      ['e2m_int_key', e2m],
    ] as const) {
      assert.equal(bytes.indexOf(secret), -1, `${name} stored in clear`);
      assert.equal(bytes.indexOf(Buffer.from(secret.toString('hex'))), -1, `${name} stored as hex`);
    }
  });

  test(`[${b.name}] a wrong master key, or a sealed value moved to another subscriber, does not open`, async () => {
    const loc = b.fresh();
    const key = master();
    const store = await openSubscriberStore(loc, key);
    await store.add(subscriber('001010000000003'));
    await store.add(subscriber('001010000000004'));
    await store.close();
    const wrong = await openSubscriberStore(loc, master());
    await assert.rejects(wrong.get('001010000000003'), { code: 'ERR_UNSEAL' });
    await wrong.close();
    await b.exec(
      loc,
      `UPDATE subscribers SET k_sealed = (SELECT k_sealed FROM subscribers WHERE imsi = '001010000000003') WHERE imsi = '001010000000004'`,
    );
    const right = await openSubscriberStore(loc, key);
    await assert.rejects(right.get('001010000000004'), { code: 'ERR_UNSEAL' });
    assert.ok(await right.get('001010000000003'));
    await right.close();
  });

  test(`[${b.name}] updateSqn: a throwing update changes nothing (SQN, outbox); unknown IMSI; out-of-range SQN`, async () => {
    const store = await openSubscriberStore(b.fresh(), master());
    await store.add(subscriber('001010000000005'));
    await store.updateSqn('001010000000005', () => ({ sqn: 64, result: undefined }));
    await assert.rejects(
      store.updateSqn('001010000000005', () => {
        throw new Error('abort');
      }),
      /abort/,
    );
    assert.equal((await store.get('001010000000005'))?.sqn, 64);
    await assert.rejects(
      store.updateSqn('999990000000000', () => ({ sqn: 1, result: 0 })),
      { code: 'ERR_SUBSCRIBER_NOT_FOUND' },
    );
    await assert.rejects(
      store.updateSqn('001010000000005', () => ({
        sqn: 2 ** 48,
        result: 0,
        outbox: [
          { imsi: '001010000000005', keyId: Buffer.alloc(4), e2mIntKey: SecretKey.from(randomBytes(32)) },
        ],
      })),
    );
    assert.equal((await store.get('001010000000005'))?.sqn, 64);
    assert.equal(await store.outbox.pending(), 0, 'the outbox entry rolled back with the SQN');
    await store.close();
  });

  test(`[${b.name}] outbox: due, ack and defer with back-off`, async () => {
    const store = await openSubscriberStore(b.fresh(), master());
    await store.add(subscriber('001010000000006'));
    const e2m = SecretKey.from(randomBytes(32));
    await store.updateSqn('001010000000006', () => ({
      sqn: 1,
      result: undefined,
      outbox: [
        { imsi: '001010000000006', keyId: Buffer.from('00000001', 'hex'), e2mIntKey: e2m },
        { imsi: '001010000000006', keyId: Buffer.from('00000002', 'hex'), e2mIntKey: e2m },
      ],
    }));
    const now = new Date(Date.now() + 1000);
    const due = await store.outbox.due(now, 10);
    assert.equal(due.length, 2);
    assert.deepEqual(due[0]!.e2mIntKey.export(), e2m.export());
    await store.outbox.ack(due[0]!.id, now);
    await store.outbox.defer(due[1]!.id, new Date(now.getTime() + 60_000), 'connection refused');
    assert.equal((await store.outbox.due(now, 10)).length, 0);
    const later = await store.outbox.due(new Date(now.getTime() + 61_000), 10);
    assert.equal(later.length, 1);
    assert.equal(later[0]!.attempts, 1);
    assert.equal(await store.outbox.pending(), 1);
    await store.close();
  });

  test(`[${b.name}] rekey: every sealed value moves to the new master key; the old one no longer opens them`, async () => {
    const loc = b.fresh();
    const oldKey = master();
    const newKey = master();
    const k = randomBytes(16);
    const e2m = randomBytes(32);
    const store = await openSubscriberStore(loc, oldKey);
    await store.add(subscriber('001010000000009', k));
    await store.add(subscriber('001010000000010'));
    await store.updateSqn('001010000000009', () => ({
      sqn: 1,
      result: undefined,
      outbox: [
        { imsi: '001010000000009', keyId: Buffer.from('0a0b0c0d', 'hex'), e2mIntKey: SecretKey.from(e2m) },
      ],
    }));
    assert.equal(await store.rekey(newKey), 5, 'two subscribers × (K, OPc) + one pending outbox key');
    await store.close();
    const stale = await openSubscriberStore(loc, oldKey);
    await assert.rejects(stale.get('001010000000009'), { code: 'ERR_UNSEAL' });
    await stale.close();
    const fresh = await openSubscriberStore(loc, newKey);
    assert.deepEqual((await fresh.get('001010000000009'))?.k.export(), k);
    const due = await fresh.outbox.due(new Date(Date.now() + 1000), 10);
    assert.deepEqual(due[0]?.e2mIntKey.export(), e2m);
    // An acknowledged outbox entry keeps no key.
    await fresh.outbox.ack(due[0]!.id, new Date());
    await fresh.close();
    assert.equal((await b.rawBytes(loc)).indexOf(e2m), -1);
  });

  test(`[${b.name}] SQN advances atomically under concurrent requests from one process`, async () => {
    const store = await openSubscriberStore(b.fresh(), master());
    await store.add(subscriber('001010000000007'));
    const hss = createHss({ config: hssConfig(), store });
    const results = await Promise.all(
      Array.from({ length: 60 }, () => hss.generateAuthVectors({ imsi: '001010000000007', count: 1 })),
    );
    assert.equal(new Set(results.map((r) => r.vectors[0]!.sqn)).size, 60, 'every vector got its own SQN');
    await store.close();
  });

  test(`[${b.name}] SQN advances atomically across connections: four worker threads, one store`, async () => {
    const loc = b.fresh();
    const key = randomBytes(32);
    const store = await openSubscriberStore(loc, SecretKey.from(key));
    await store.add(subscriber('001010000000008'));
    await store.close();
    const rounds = 25;
    const all = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<number[]>((resolve, reject) => {
            const w = new Worker(new URL('./fixtures/sqn-worker.js', import.meta.url), {
              workerData: { loc, masterKey: key.toString('hex'), imsi: '001010000000008', rounds },
            });
            w.once('message', resolve);
            w.once('error', reject);
          }),
      ),
    );
    const sqns = all.flat();
    assert.equal(sqns.length, 4 * rounds * 2);
    assert.equal(new Set(sqns).size, sqns.length, 'no SQN was handed out twice');
    const after = await openSubscriberStore(loc, SecretKey.from(key));
    assert.equal(
      (await after.get('001010000000008'))?.sqn,
      Math.max(...sqns),
      'the stored SQN_HE is the last one issued',
    );
    await after.close();
  });
}

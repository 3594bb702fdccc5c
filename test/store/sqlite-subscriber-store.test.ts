import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { SecretKey } from '../../src/crypto/secret-key.js';
import { SqliteSubscriberStore } from '../../src/store/sqlite/subscriber-store.js';
import { openSqlite } from '../../src/store/sqlite/open.js';
import { availableSqliteDrivers, type SqliteDriverName } from '../../src/store/sqlite/driver.js';
import { createHss, hssConfig } from '../../src/nf/hss/index.js';
import type { NewSubscriber } from '../../src/store/subscriber-store.js';

const tmp = (): string => join(mkdtempSync(join(tmpdir(), 'ciotsec-store-')), 'hss.db');
const master = (): SecretKey => SecretKey.from(randomBytes(32));
const subscriber = (imsi: string, k = randomBytes(16), opc = randomBytes(16)): NewSubscriber => ({
  imsi,
  k: SecretKey.from(k),
  opc: SecretKey.from(opc),
  amf: Buffer.from('8000', 'hex'),
  profile: { e2m: true, e2e: false },
});

// One contract suite for every SQLite driver this Node.js can run. better-sqlite3 < 13 aborts on
// Node >= 24.19 when statements are collected (D-007), so there only node:sqlite is exercised; CI runs
// the suite on Node 20 (better-sqlite3) and Node 24 (node:sqlite).
const major = Number(process.versions.node.split('.')[0]);
const drivers: SqliteDriverName[] = availableSqliteDrivers().filter(
  (d) => !(d === 'better-sqlite3' && major >= 24),
);

test('at least one SQLite driver is available', () => {
  assert.ok(drivers.length > 0);
});

for (const driver of drivers) {
  test(`[${driver}] add, get, list, remove round-trip; a duplicate IMSI is refused; a bad IMSI is refused`, async () => {
    const store = SqliteSubscriberStore.open(':memory:', master(), driver);
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

  test(`[${driver}] K and OPc are encrypted at rest: the database files never contain them`, async () => {
    const path = tmp();
    const store = SqliteSubscriberStore.open(path, master(), driver);
    const k = randomBytes(16);
    const opc = randomBytes(16);
    await store.add(subscriber('001010000000002', k, opc));
    await store.close();
    const dir = join(path, '..');
    for (const f of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, f));
      assert.equal(bytes.indexOf(k), -1, `K found in ${f}`);
      assert.equal(bytes.indexOf(opc), -1, `OPc found in ${f}`);
    }
  });

  test(`[${driver}] a wrong master key, or a sealed value moved to another subscriber, does not open`, async () => {
    const path = tmp();
    const key = master();
    const store = SqliteSubscriberStore.open(path, key, driver);
    await store.add(subscriber('001010000000003'));
    await store.add(subscriber('001010000000004'));
    await store.close();
    const wrong = SqliteSubscriberStore.open(path, master(), driver);
    await assert.rejects(wrong.get('001010000000003'), { code: 'ERR_UNSEAL' });
    await wrong.close();
    // Copy subscriber 3's sealed K onto subscriber 4: the AAD binds it to its row, so it must not open.
    const db = openSqlite(path, { driver });
    db.prepare(
      `UPDATE subscribers SET k_sealed = (SELECT k_sealed FROM subscribers WHERE imsi = '001010000000003')
                WHERE imsi = '001010000000004'`,
    ).run();
    db.close();
    const right = SqliteSubscriberStore.open(path, key, driver);
    await assert.rejects(right.get('001010000000004'), { code: 'ERR_UNSEAL' });
    assert.ok(await right.get('001010000000003'));
    await right.close();
  });

  test(`[${driver}] updateSqn: a throwing update leaves SQN unchanged; an unknown IMSI is reported`, async () => {
    const store = SqliteSubscriberStore.open(':memory:', master(), driver);
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
      {
        code: 'ERR_SUBSCRIBER_NOT_FOUND',
      },
    );
    // The schema refuses an out-of-range SQN even if a caller computes one.
    await assert.rejects(store.updateSqn('001010000000005', () => ({ sqn: 2 ** 48, result: 0 })));
    assert.equal((await store.get('001010000000005'))?.sqn, 64);
    await store.close();
  });

  test(`[${driver}] SQN advances atomically under concurrent requests from one process`, async () => {
    const store = SqliteSubscriberStore.open(':memory:', master(), driver);
    await store.add(subscriber('001010000000006'));
    const hss = createHss({ config: hssConfig(), store });
    const results = await Promise.all(
      Array.from({ length: 100 }, () => hss.generateAuthVectors({ imsi: '001010000000006', count: 1 })),
    );
    const sqns = results.map((r) => r.vectors[0]!.sqn);
    assert.equal(new Set(sqns).size, 100, 'every vector got its own SQN');
    await store.close();
  });

  test(`[${driver}] SQN advances atomically across connections: four worker threads on one database file`, async () => {
    const path = tmp();
    const key = randomBytes(32);
    const store = SqliteSubscriberStore.open(path, SecretKey.from(key), driver);
    await store.add(subscriber('001010000000007'));
    await store.close();
    const rounds = 40;
    const workerUrl = new URL('./fixtures/sqn-worker.js', import.meta.url);
    const all = await Promise.all(
      Array.from(
        { length: 4 },
        () =>
          new Promise<number[]>((resolve, reject) => {
            const w = new Worker(workerUrl, {
              workerData: { path, masterKey: key.toString('hex'), imsi: '001010000000007', rounds, driver },
            });
            w.once('message', resolve);
            w.once('error', reject);
          }),
      ),
    );
    const sqns = all.flat();
    assert.equal(sqns.length, 4 * rounds * 2);
    assert.equal(new Set(sqns).size, sqns.length, 'no SQN was handed out twice');
    const after = SqliteSubscriberStore.open(path, SecretKey.from(key), driver);
    const s = await after.get('001010000000007');
    assert.equal(s?.sqn, Math.max(...sqns), 'the stored SQN_HE is the last one issued');
    await after.close();
  });
}

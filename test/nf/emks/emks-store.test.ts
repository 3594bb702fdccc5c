import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SecretKey } from '../../../src/crypto/secret-key.js';
import { backends, openEmksStore } from '../../helpers/backends.js';

// The EmksStore contract, on every backend (SQLite drivers, PostgreSQL).
const all = await backends();
after(async () => {
  for (const b of all) await b.cleanup();
});
const kid = (n: number): Buffer => Buffer.from([0, 0, 0, n]);

for (const b of all) {
  test(`[${b.name}] putKey is idempotent on (IMSI, key id) and keeps the newest N keys per UE`, async () => {
    const s = await openEmksStore(b.fresh(), SecretKey.from(randomBytes(32)));
    const keys = [1, 2, 3, 4].map(() => SecretKey.from(randomBytes(32)));
    const now = new Date();
    assert.equal(await s.putKey('001010000000001', kid(1), keys[0]!, 3, now), 'created');
    assert.equal(await s.putKey('001010000000001', kid(1), keys[0]!, 3, now), 'duplicate');
    assert.equal(await s.putKey('001010000000001', kid(2), keys[1]!, 3, now), 'created');
    assert.equal(await s.putKey('001010000000001', kid(3), keys[2]!, 3, now), 'created');
    assert.equal(await s.putKey('001010000000001', kid(4), keys[3]!, 3, now), 'created');
    assert.deepEqual(
      (await s.listKeyIds('001010000000001')).map((x) => x[3]),
      [4, 3, 2],
      'oldest dropped',
    );
    assert.equal(await s.getKey('001010000000001', kid(1)), undefined);
    assert.deepEqual((await s.getKey('001010000000001', kid(2)))?.key.export(), keys[1]!.export());
    // A different key under an existing id replaces it (a 32-bit RAND suffix collision).
    assert.equal(await s.putKey('001010000000001', kid(2), keys[0]!, 3, now), 'replaced');
    assert.deepEqual((await s.getKey('001010000000001', kid(2)))?.key.export(), keys[0]!.export());
    // Another UE's keys are untouched by the retention of the first.
    await s.putKey('001010000000002', kid(1), keys[0]!, 3, now);
    assert.equal((await s.listKeyIds('001010000000002')).length, 1);
    await s.close();
  });

  test(`[${b.name}] retention follows the HSS's issue order, not arrival: late keys never push out newer ones`, async () => {
    const s = await openEmksStore(b.fresh(), SecretKey.from(randomBytes(32)));
    const put = (n: number) =>
      s.putKey('001010000000003', kid(n), SecretKey.from(Buffer.alloc(32, n)), 3, new Date(), n);
    for (const n of [5, 7, 6]) assert.equal(await put(n), 'created');
    assert.equal(await put(2), 'stale', 'older than every kept key while retention is full');
    assert.equal(await s.getKey('001010000000003', kid(2)), undefined);
    assert.equal(await put(9), 'created');
    assert.equal(await put(8), 'created', 'late, but newer than the oldest kept key');
    assert.deepEqual(
      (await s.listKeyIds('001010000000003')).map((x) => x[3]),
      [9, 8, 7],
    );
    assert.equal(await put(9), 'duplicate');
    await s.close();
  });

  test(`[${b.name}] identities, authorisations ('*' included), sessions, subscriptions and the audit log`, async () => {
    const s = await openEmksStore(b.fresh(), SecretKey.from(randomBytes(32)));
    await s.setIdentity('dev-1', '001010000000001');
    assert.equal(await s.resolveIdentity('dev-1'), '001010000000001');
    assert.equal(await s.resolveIdentity('dev-2'), undefined);
    assert.deepEqual(await s.identitiesOf('001010000000001'), ['dev-1']);
    await s.setAuthorisations('emse-1', ['dev-1']);
    assert.equal(await s.isAuthorised('emse-1', 'dev-1'), true);
    assert.equal(await s.isAuthorised('emse-1', 'dev-2'), false);
    assert.equal(await s.isAuthorised('emse-2', 'dev-1'), false);
    await s.setAuthorisations('emse-2', ['*']);
    assert.equal(await s.isAuthorised('emse-2', 'anything'), true);
    const sess = await s.createSession('emse-1', new Date());
    assert.equal((await s.getSession(sess.sessionId))?.emseId, 'emse-1');
    await s.addSubscription({
      subscriptionId: 'sub-1',
      sessionId: sess.sessionId,
      emseId: 'emse-1',
      notifyUri: 'https://x/n',
      ueIds: ['dev-1'],
    });
    assert.equal((await s.subscriptionsFor(['dev-1', 'imsi-001010000000001'])).length, 1);
    assert.equal((await s.subscriptionsFor(['dev-9'])).length, 0);
    assert.equal(await s.deleteSession(sess.sessionId), true);
    assert.equal(await s.getSession(sess.sessionId), undefined);
    assert.equal((await s.subscriptionsFor(['dev-1'])).length, 0, 'subscriptions end with their session');
    await s.audit({
      at: 'now',
      emseId: 'emse-1',
      ueId: 'dev-1',
      imsi: '001010000000001',
      keyId: '00000001',
      outcome: 'released',
    });
    assert.equal((await s.auditLog(10))[0]?.outcome, 'released');
    await s.close();
  });

  test(`[${b.name}] rekey moves every e2m_int_key to the new master key`, async () => {
    const loc = b.fresh();
    const oldKey = SecretKey.from(randomBytes(32));
    const newKey = SecretKey.from(randomBytes(32));
    const key = randomBytes(32);
    const a = await openEmksStore(loc, oldKey);
    await a.putKey('001010000000001', kid(1), SecretKey.from(key), 3, new Date());
    await a.putKey('001010000000002', kid(1), SecretKey.from(randomBytes(32)), 3, new Date());
    assert.equal(await a.rekey(newKey), 2);
    await a.close();
    const stale = await openEmksStore(loc, oldKey);
    await assert.rejects(stale.getKey('001010000000001', kid(1)), { code: 'ERR_UNSEAL' });
    await stale.close();
    const fresh = await openEmksStore(loc, newKey);
    assert.deepEqual((await fresh.getKey('001010000000001', kid(1)))?.key.export(), key);
    await fresh.close();
  });

  test(`[${b.name}] e2m_int_keys are sealed at rest and survive a restart`, async () => {
    const loc = b.fresh();
    const master = SecretKey.from(randomBytes(32));
    const key = randomBytes(32);
    const a = await openEmksStore(loc, master);
    await a.putKey('001010000000001', kid(9), SecretKey.from(key), 3, new Date());
    await a.close();
    const bytes = await b.rawBytes(loc);
    assert.equal(bytes.indexOf(key), -1, 'key stored in clear');
    assert.equal(bytes.indexOf(Buffer.from(key.toString('hex'))), -1, 'key stored as hex');
    const again = await openEmksStore(loc, master);
    assert.deepEqual((await again.getKey('001010000000001', kid(9)))?.key.export(), key);
    await again.close();
  });
}

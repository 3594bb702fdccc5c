import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretKey } from '../../../src/crypto/secret-key.js';
import { SqliteEmksStore } from '../../../src/nf/emks/index.js';
import { availableSqliteDrivers, type SqliteDriverName } from '../../../src/store/sqlite/driver.js';

const major = Number(process.versions.node.split('.')[0]);
const drivers: SqliteDriverName[] = availableSqliteDrivers().filter(
  (d) => !(d === 'better-sqlite3' && major >= 24),
);
const kid = (n: number): Buffer => Buffer.from([0, 0, 0, n]);

for (const driver of drivers) {
  test(`[${driver}] putKey is idempotent on (IMSI, key id) and keeps the newest N keys per UE`, async () => {
    const s = SqliteEmksStore.open(':memory:', SecretKey.from(randomBytes(32)), driver);
    const keys = [1, 2, 3, 4].map(() => SecretKey.from(randomBytes(32)));
    const now = new Date();
    assert.equal(await s.putKey('001010000000001', kid(1), keys[0]!, 3, now), 'created');
    assert.equal(await s.putKey('001010000000001', kid(1), keys[0]!, 3, now), 'duplicate');
    assert.equal(await s.putKey('001010000000001', kid(2), keys[1]!, 3, now), 'created');
    assert.equal(await s.putKey('001010000000001', kid(3), keys[2]!, 3, now), 'created');
    assert.equal(await s.putKey('001010000000001', kid(4), keys[3]!, 3, now), 'created');
    assert.deepEqual(
      (await s.listKeyIds('001010000000001')).map((b) => b[3]),
      [4, 3, 2],
      'oldest dropped',
    );
    assert.equal(await s.getKey('001010000000001', kid(1)), undefined);
    assert.deepEqual((await s.getKey('001010000000001', kid(2)))?.key.export(), keys[1]!.export());
    // Another UE's keys are untouched by the retention of the first.
    await s.putKey('001010000000002', kid(1), keys[0]!, 3, now);
    assert.equal((await s.listKeyIds('001010000000002')).length, 1);
    await s.close();
  });

  test(`[${driver}] identities, authorisations ('*' included), sessions and the audit log`, async () => {
    const s = SqliteEmksStore.open(':memory:', SecretKey.from(randomBytes(32)), driver);
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
    assert.equal(await s.deleteSession(sess.sessionId), true);
    assert.equal(await s.getSession(sess.sessionId), undefined);
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

  test(`[${driver}] e2m_int_keys are sealed at rest and survive a restart`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ciotsec-emks-'));
    const path = join(dir, 'emks.db');
    const master = SecretKey.from(randomBytes(32));
    const key = randomBytes(32);
    const a = SqliteEmksStore.open(path, master, driver);
    await a.putKey('001010000000001', kid(9), SecretKey.from(key), 3, new Date());
    await a.close();
    for (const f of readdirSync(dir)) assert.equal(readFileSync(join(dir, f)).indexOf(key), -1, f);
    const b = SqliteEmksStore.open(path, master, driver);
    assert.deepEqual((await b.getKey('001010000000001', kid(9)))?.key.export(), key);
    await b.close();
  });
}

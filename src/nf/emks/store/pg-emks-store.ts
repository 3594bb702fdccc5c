import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { SecretKey } from '../../../crypto/secret-key.js';
import { constantTimeEqual } from '../../../crypto/bytes.js';
import { Sealer } from '../../../store/sealed.js';
import { createPgPool, inTransaction, migratePg } from '../../../store/postgres/pool.js';
import type {
  AuditRecord,
  EmksStore,
  EmseSession,
  PutKeyOutcome,
  StoredE2mIntKey,
  Subscription,
} from './emks-store.js';

const MIGRATIONS = [
  {
    id: 1,
    name: 'keys-identities-sessions-audit',
    sql: `
      CREATE TABLE e2m_int_keys (imsi TEXT NOT NULL, key_id BYTEA NOT NULL CHECK (length(key_id) = 4),
        key_sealed BYTEA NOT NULL, key_fp TEXT NOT NULL, received_at TIMESTAMPTZ NOT NULL, seq BIGINT NOT NULL,
        PRIMARY KEY (imsi, key_id));
      CREATE TABLE identities (ue_id TEXT PRIMARY KEY, imsi TEXT NOT NULL);
      CREATE INDEX identities_imsi ON identities (imsi);
      CREATE TABLE authorisations (emse_id TEXT NOT NULL, ue_id TEXT NOT NULL, PRIMARY KEY (emse_id, ue_id));
      CREATE TABLE emse_sessions (session_id TEXT PRIMARY KEY, emse_id TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL);
      CREATE TABLE subscriptions (subscription_id TEXT PRIMARY KEY, session_id TEXT NOT NULL, emse_id TEXT NOT NULL,
        notify_uri TEXT NOT NULL, ue_ids JSONB NOT NULL);
      CREATE TABLE audit (id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, emse_id TEXT NOT NULL, ue_id TEXT NOT NULL,
        imsi TEXT, key_id TEXT NOT NULL, outcome TEXT NOT NULL);`,
  },
] as const;

const aad = (imsi: string, keyId: Uint8Array): string => `emks:${imsi}:${Buffer.from(keyId).toString('hex')}`;

/** PostgreSQL implementation of EmksStore: several EMKS instances share one database. */
export class PgEmksStore implements EmksStore {
  readonly #pool: pg.Pool;
  readonly #sealer: Sealer;

  private constructor(pool: pg.Pool, masterKey: SecretKey) {
    this.#pool = pool;
    this.#sealer = new Sealer(masterKey);
  }

  static async open(url: string, masterKey: SecretKey, schema = 'ciotsec'): Promise<PgEmksStore> {
    const pool = createPgPool(url, schema);
    await migratePg(pool, schema, 'emks', MIGRATIONS);
    return new PgEmksStore(pool, masterKey);
  }

  async putKey(
    imsi: string,
    keyId: Buffer,
    key: SecretKey,
    retention: number,
    now: Date,
    issueSeq?: number,
  ): Promise<PutKeyOutcome> {
    return inTransaction(this.#pool, async (c): Promise<PutKeyOutcome> => {
      // One UE's keys are serialised by an advisory transaction lock on the IMSI.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`emks:${imsi}`]);
      const ex = await c.query<{ key_sealed: Buffer }>(
        'SELECT key_sealed FROM e2m_int_keys WHERE imsi = $1 AND key_id = $2',
        [imsi, keyId],
      );
      if (
        ex.rows[0] !== undefined &&
        constantTimeEqual(this.#sealer.open(ex.rows[0].key_sealed, aad(imsi, keyId)).export(), key.export())
      ) {
        return 'duplicate';
      }
      const span = (
        await c.query<{ lo: string | null; hi: string | null; n: string }>(
          'SELECT min(seq) AS lo, max(seq) AS hi, count(*) AS n FROM e2m_int_keys WHERE imsi = $1',
          [imsi],
        )
      ).rows[0]!;
      const seq = issueSeq ?? Number(span.hi ?? 0) + 1;
      if (
        ex.rows[0] === undefined &&
        Number(span.n) >= retention &&
        span.lo !== null &&
        seq < Number(span.lo)
      )
        return 'stale';
      await c.query(
        `INSERT INTO e2m_int_keys (imsi, key_id, key_sealed, key_fp, received_at, seq) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (imsi, key_id) DO UPDATE SET key_sealed = excluded.key_sealed, key_fp = excluded.key_fp,
           received_at = excluded.received_at, seq = excluded.seq`,
        [imsi, keyId, this.#sealer.seal(key.export(), aad(imsi, keyId)), key.fingerprint, now, seq],
      );
      await c.query(
        `DELETE FROM e2m_int_keys WHERE imsi = $1 AND seq NOT IN (SELECT seq FROM e2m_int_keys WHERE imsi = $1 ORDER BY seq DESC LIMIT $2)`,
        [imsi, retention],
      );
      return ex.rows[0] === undefined ? 'created' : 'replaced';
    });
  }

  async getKey(imsi: string, keyId: Buffer): Promise<StoredE2mIntKey | undefined> {
    const r = await this.#pool.query<{ key_sealed: Buffer; received_at: Date }>(
      'SELECT key_sealed, received_at FROM e2m_int_keys WHERE imsi = $1 AND key_id = $2',
      [imsi, keyId],
    );
    const row = r.rows[0];
    if (row === undefined) return undefined;
    return {
      imsi,
      keyId,
      key: this.#sealer.open(row.key_sealed, aad(imsi, keyId)),
      receivedAt: row.received_at.toISOString(),
    };
  }

  async listKeyIds(imsi: string): Promise<Buffer[]> {
    return (
      await this.#pool.query<{ key_id: Buffer }>(
        'SELECT key_id FROM e2m_int_keys WHERE imsi = $1 ORDER BY seq DESC',
        [imsi],
      )
    ).rows.map((r) => r.key_id);
  }

  async setIdentity(ueId: string, imsi: string): Promise<void> {
    await this.#pool.query(
      'INSERT INTO identities (ue_id, imsi) VALUES ($1, $2) ON CONFLICT (ue_id) DO UPDATE SET imsi = excluded.imsi',
      [ueId, imsi],
    );
  }

  async resolveIdentity(ueId: string): Promise<string | undefined> {
    return (await this.#pool.query<{ imsi: string }>('SELECT imsi FROM identities WHERE ue_id = $1', [ueId]))
      .rows[0]?.imsi;
  }

  async identitiesOf(imsi: string): Promise<string[]> {
    return (
      await this.#pool.query<{ ue_id: string }>(
        'SELECT ue_id FROM identities WHERE imsi = $1 ORDER BY ue_id',
        [imsi],
      )
    ).rows.map((r) => r.ue_id);
  }

  async setAuthorisations(emseId: string, ueIds: readonly string[]): Promise<void> {
    await inTransaction(this.#pool, async (c) => {
      await c.query('DELETE FROM authorisations WHERE emse_id = $1', [emseId]);
      for (const u of new Set(ueIds))
        await c.query('INSERT INTO authorisations (emse_id, ue_id) VALUES ($1, $2)', [emseId, u]);
    });
  }

  async isAuthorised(emseId: string, ueId: string): Promise<boolean> {
    const r = await this.#pool.query(
      "SELECT 1 FROM authorisations WHERE emse_id = $1 AND (ue_id = $2 OR ue_id = '*') LIMIT 1",
      [emseId, ueId],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async createSession(emseId: string, now: Date): Promise<EmseSession> {
    const s = { sessionId: randomUUID(), emseId, createdAt: now.toISOString() };
    await this.#pool.query(
      'INSERT INTO emse_sessions (session_id, emse_id, created_at) VALUES ($1, $2, $3)',
      [s.sessionId, emseId, now],
    );
    return s;
  }

  async getSession(sessionId: string): Promise<EmseSession | undefined> {
    const r = await this.#pool.query<{ session_id: string; emse_id: string; created_at: Date }>(
      'SELECT * FROM emse_sessions WHERE session_id = $1',
      [sessionId],
    );
    const row = r.rows[0];
    return row === undefined
      ? undefined
      : { sessionId: row.session_id, emseId: row.emse_id, createdAt: row.created_at.toISOString() };
  }

  async deleteSession(sessionId: string): Promise<boolean> {
    return inTransaction(this.#pool, async (c) => {
      await c.query('DELETE FROM subscriptions WHERE session_id = $1', [sessionId]);
      return (
        ((await c.query('DELETE FROM emse_sessions WHERE session_id = $1', [sessionId])).rowCount ?? 0) > 0
      );
    });
  }

  async addSubscription(s: Subscription): Promise<void> {
    await this.#pool.query(
      'INSERT INTO subscriptions (subscription_id, session_id, emse_id, notify_uri, ue_ids) VALUES ($1, $2, $3, $4, $5)',
      [s.subscriptionId, s.sessionId, s.emseId, s.notifyUri, JSON.stringify(s.ueIds)],
    );
  }

  async subscriptionsFor(ueIds: readonly string[]): Promise<Subscription[]> {
    const r = await this.#pool.query<{
      subscription_id: string;
      session_id: string;
      emse_id: string;
      notify_uri: string;
      ue_ids: string[];
    }>('SELECT * FROM subscriptions WHERE ue_ids ?| $1', [ueIds]);
    return r.rows.map((x) => ({
      subscriptionId: x.subscription_id,
      sessionId: x.session_id,
      emseId: x.emse_id,
      notifyUri: x.notify_uri,
      ueIds: x.ue_ids,
    }));
  }

  async audit(r: AuditRecord): Promise<void> {
    await this.#pool.query(
      'INSERT INTO audit (at, emse_id, ue_id, imsi, key_id, outcome) VALUES ($1, $2, $3, $4, $5, $6)',
      [r.at, r.emseId, r.ueId, r.imsi, r.keyId, r.outcome],
    );
  }

  async auditLog(limit: number): Promise<AuditRecord[]> {
    const r = await this.#pool.query<{
      at: string;
      emse_id: string;
      ue_id: string;
      imsi: string | null;
      key_id: string;
      outcome: AuditRecord['outcome'];
    }>('SELECT * FROM audit ORDER BY id DESC LIMIT $1', [limit]);
    return r.rows.map((x) => ({
      at: x.at,
      emseId: x.emse_id,
      ueId: x.ue_id,
      imsi: x.imsi,
      keyId: x.key_id,
      outcome: x.outcome,
    }));
  }

  async rekey(newMasterKey: SecretKey): Promise<number> {
    const next = new Sealer(newMasterKey);
    return inTransaction(this.#pool, async (c) => {
      const rows = (
        await c.query<{ imsi: string; key_id: Buffer; key_sealed: Buffer }>(
          'SELECT imsi, key_id, key_sealed FROM e2m_int_keys FOR UPDATE',
        )
      ).rows;
      for (const r of rows) {
        const a = aad(r.imsi, r.key_id);
        await c.query('UPDATE e2m_int_keys SET key_sealed = $1 WHERE imsi = $2 AND key_id = $3', [
          next.seal(this.#sealer.open(r.key_sealed, a).export(), a),
          r.imsi,
          r.key_id,
        ]);
      }
      return rows.length;
    });
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

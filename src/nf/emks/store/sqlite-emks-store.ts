import { randomUUID } from 'node:crypto';
import type { SecretKey } from '../../../crypto/secret-key.js';
import { constantTimeEqual } from '../../../crypto/bytes.js';
import { Sealer } from '../../../store/sealed.js';
import { migrate } from '../../../store/sqlite/migrate.js';
import { openSqlite } from '../../../store/sqlite/open.js';
import type { SqlStatement, SqliteDb, SqliteDriverName } from '../../../store/sqlite/driver.js';
import type {
  AuditRecord,
  EmksStore,
  EmseSession,
  PutKeyOutcome,
  StoredE2mIntKey,
  Subscription,
} from './emks-store.js';
import { emksMigrations } from './sqlite-migrations.js';

const aad = (imsi: string, keyId: Uint8Array): string => `emks:${imsi}:${Buffer.from(keyId).toString('hex')}`;

interface KeyRow {
  imsi: string;
  key_id: Buffer;
  key_sealed: Buffer;
  received_at: string;
}

/** SQLite implementation of EmksStore (the embedded default). */
export class SqliteEmksStore implements EmksStore {
  readonly #db: SqliteDb;
  readonly #sealer: Sealer;

  readonly #stmts = new Map<string, SqlStatement<unknown[], unknown>>();

  /** Prepared statements, prepared once per SQL text. */
  #q<P extends unknown[], R>(sql: string): SqlStatement<P, R> {
    let s = this.#stmts.get(sql);
    if (s === undefined) {
      s = this.#db.prepare(sql);
      this.#stmts.set(sql, s);
    }
    return s as unknown as SqlStatement<P, R>;
  }

  constructor(db: SqliteDb, masterKey: SecretKey) {
    this.#db = db;
    this.#sealer = new Sealer(masterKey);
    migrate(db, 'emks', emksMigrations);
  }

  static open(path: string, masterKey: SecretKey, driver?: SqliteDriverName): SqliteEmksStore {
    return new SqliteEmksStore(openSqlite(path, driver !== undefined ? { driver } : {}), masterKey);
  }

  async putKey(
    imsi: string,
    keyId: Buffer,
    key: SecretKey,
    retention: number,
    now: Date,
    issueSeq?: number,
  ): Promise<PutKeyOutcome> {
    return this.#db.immediate((): PutKeyOutcome => {
      const existing = this.#q<[string, Buffer], KeyRow>(
        'SELECT * FROM e2m_int_keys WHERE imsi = ? AND key_id = ?',
      ).get(imsi, keyId);
      if (existing !== undefined) {
        const old = this.#sealer.open(existing.key_sealed, aad(imsi, keyId));
        if (constantTimeEqual(old.export(), key.export())) return 'duplicate';
      }
      const span = this.#q<[string], { lo: number | null; hi: number | null; n: number }>(
        'SELECT min(seq) AS lo, max(seq) AS hi, count(*) AS n FROM e2m_int_keys WHERE imsi = ?',
      ).get(imsi)!;
      const seq = issueSeq ?? (span.hi ?? 0) + 1;
      if (existing === undefined && span.n >= retention && span.lo !== null && seq < span.lo) return 'stale';
      this.#q(
        `INSERT INTO e2m_int_keys (imsi, key_id, key_sealed, key_fp, received_at, seq) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (imsi, key_id) DO UPDATE SET key_sealed = excluded.key_sealed, key_fp = excluded.key_fp,
             received_at = excluded.received_at, seq = excluded.seq`,
      ).run(
        imsi,
        keyId,
        this.#sealer.seal(key.export(), aad(imsi, keyId)),
        key.fingerprint,
        now.toISOString(),
        seq,
      );
      // Keep the newest `retention` keys of this UE (seed 001: a fixed small number of past keys).
      this.#q(
        `DELETE FROM e2m_int_keys WHERE imsi = ? AND seq NOT IN
             (SELECT seq FROM e2m_int_keys WHERE imsi = ? ORDER BY seq DESC LIMIT ?)`,
      ).run(imsi, imsi, retention);
      return existing === undefined ? 'created' : 'replaced';
    });
  }

  async getKey(imsi: string, keyId: Buffer): Promise<StoredE2mIntKey | undefined> {
    const r = this.#q<[string, Buffer], KeyRow>(
      'SELECT * FROM e2m_int_keys WHERE imsi = ? AND key_id = ?',
    ).get(imsi, keyId);
    if (r === undefined) return undefined;
    return {
      imsi,
      keyId: Buffer.from(r.key_id),
      key: this.#sealer.open(r.key_sealed, aad(imsi, keyId)),
      receivedAt: r.received_at,
    };
  }

  async listKeyIds(imsi: string): Promise<Buffer[]> {
    return this.#q<[string], { key_id: Buffer }>(
      'SELECT key_id FROM e2m_int_keys WHERE imsi = ? ORDER BY seq DESC',
    )
      .all(imsi)
      .map((r) => Buffer.from(r.key_id));
  }

  async setIdentity(ueId: string, imsi: string): Promise<void> {
    this.#q(
      'INSERT INTO identities (ue_id, imsi) VALUES (?, ?) ON CONFLICT (ue_id) DO UPDATE SET imsi = excluded.imsi',
    ).run(ueId, imsi);
  }

  async resolveIdentity(ueId: string): Promise<string | undefined> {
    return this.#q<[string], { imsi: string }>('SELECT imsi FROM identities WHERE ue_id = ?').get(ueId)?.imsi;
  }

  async identitiesOf(imsi: string): Promise<string[]> {
    return this.#q<[string], { ue_id: string }>('SELECT ue_id FROM identities WHERE imsi = ? ORDER BY ue_id')
      .all(imsi)
      .map((r) => r.ue_id);
  }

  async setAuthorisations(emseId: string, ueIds: readonly string[]): Promise<void> {
    this.#db.immediate(() => {
      this.#q('DELETE FROM authorisations WHERE emse_id = ?').run(emseId);
      const ins = this.#q('INSERT INTO authorisations (emse_id, ue_id) VALUES (?, ?)');
      for (const u of new Set(ueIds)) ins.run(emseId, u);
    });
  }

  async isAuthorised(emseId: string, ueId: string): Promise<boolean> {
    return (
      this.#q<[string, string], { n: number }>(
        "SELECT count(*) AS n FROM authorisations WHERE emse_id = ? AND (ue_id = ? OR ue_id = '*')",
      ).get(emseId, ueId)!.n > 0
    );
  }

  async createSession(emseId: string, now: Date): Promise<EmseSession> {
    const s = { sessionId: randomUUID(), emseId, createdAt: now.toISOString() };
    this.#q('INSERT INTO emse_sessions (session_id, emse_id, created_at) VALUES (?, ?, ?)').run(
      s.sessionId,
      emseId,
      s.createdAt,
    );
    return s;
  }

  async getSession(sessionId: string): Promise<EmseSession | undefined> {
    const r = this.#q<[string], { session_id: string; emse_id: string; created_at: string }>(
      'SELECT * FROM emse_sessions WHERE session_id = ?',
    ).get(sessionId);
    return r === undefined
      ? undefined
      : { sessionId: r.session_id, emseId: r.emse_id, createdAt: r.created_at };
  }

  async deleteSession(sessionId: string): Promise<boolean> {
    return this.#db.immediate(() => {
      this.#q('DELETE FROM subscriptions WHERE session_id = ?').run(sessionId);
      return this.#q('DELETE FROM emse_sessions WHERE session_id = ?').run(sessionId).changes > 0;
    });
  }

  async addSubscription(s: Subscription): Promise<void> {
    this.#q(
      'INSERT INTO subscriptions (subscription_id, session_id, emse_id, notify_uri, ue_ids) VALUES (?, ?, ?, ?, ?)',
    ).run(s.subscriptionId, s.sessionId, s.emseId, s.notifyUri, JSON.stringify(s.ueIds));
  }

  async subscriptionsFor(ueIds: readonly string[]): Promise<Subscription[]> {
    const rows = this.#q<
      [],
      { subscription_id: string; session_id: string; emse_id: string; notify_uri: string; ue_ids: string }
    >('SELECT * FROM subscriptions').all();
    const want = new Set(ueIds);
    return rows
      .map((r) => ({
        subscriptionId: r.subscription_id,
        sessionId: r.session_id,
        emseId: r.emse_id,
        notifyUri: r.notify_uri,
        ueIds: JSON.parse(r.ue_ids) as string[],
      }))
      .filter((s) => s.ueIds.some((u) => want.has(u)));
  }

  async audit(r: AuditRecord): Promise<void> {
    this.#q('INSERT INTO audit (at, emse_id, ue_id, imsi, key_id, outcome) VALUES (?, ?, ?, ?, ?, ?)').run(
      r.at,
      r.emseId,
      r.ueId,
      r.imsi,
      r.keyId,
      r.outcome,
    );
  }

  async auditLog(limit: number): Promise<AuditRecord[]> {
    return this.#q<
      [number],
      {
        at: string;
        emse_id: string;
        ue_id: string;
        imsi: string | null;
        key_id: string;
        outcome: AuditRecord['outcome'];
      }
    >('SELECT * FROM audit ORDER BY id DESC LIMIT ?')
      .all(limit)
      .map((r) => ({
        at: r.at,
        emseId: r.emse_id,
        ueId: r.ue_id,
        imsi: r.imsi,
        keyId: r.key_id,
        outcome: r.outcome,
      }));
  }

  async rekey(newMasterKey: SecretKey): Promise<number> {
    const next = new Sealer(newMasterKey);
    return this.#db.immediate(() => {
      const rows = this.#db.prepare<[], KeyRow>('SELECT * FROM e2m_int_keys').all();
      for (const r of rows) {
        const a = aad(r.imsi, r.key_id);
        this.#db
          .prepare('UPDATE e2m_int_keys SET key_sealed = ? WHERE imsi = ? AND key_id = ?')
          .run(next.seal(this.#sealer.open(r.key_sealed, a).export(), a), r.imsi, r.key_id);
      }
      return rows.length;
    });
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}

import type { SecretKey } from '../../crypto/secret-key.js';
import { Sealer } from '../sealed.js';
import {
  type E2mOutbox,
  type E2mOutboxItem,
  type SqnUpdate,
  SubscriberExistsError,
  SubscriberNotFoundError,
  validateImsi,
  type NewSubscriber,
  type Subscriber,
  type SubscriberProfile,
  type SubscriberStore,
} from '../subscriber-store.js';
import { migrate } from './migrate.js';
import { migration001Subscribers } from './migrations/001-subscribers.js';
import { migration002E2mOutbox } from './migrations/002-e2m-outbox.js';
import { openSqlite } from './open.js';
import { isUniqueViolation, type SqlStatement, type SqliteDb, type SqliteDriverName } from './driver.js';

interface Row {
  imsi: string;
  k_sealed: Buffer;
  opc_sealed: Buffer;
  amf: Buffer;
  sqn: number;
  profile: string;
}

const aad = (imsi: string, field: 'k' | 'opc'): string => `subscriber:${imsi}:${field}`;
const outboxAad = (imsi: string, keyId: Uint8Array): string =>
  `e2m_outbox:${imsi}:${Buffer.from(keyId).toString('hex')}`;

interface OutboxRow {
  id: number;
  imsi: string;
  key_id: Buffer;
  key_sealed: Buffer;
  created_at: string;
  attempts: number;
}

/** SQLite implementation of SubscriberStore, the embedded default. */
export class SqliteSubscriberStore implements SubscriberStore {
  readonly #db: SqliteDb;
  readonly #sealer: Sealer;
  readonly #ownsDb: boolean;
  readonly #stmt: {
    insert: SqlStatement<[string, Buffer, Buffer, Buffer, number, string, string, string], never>;
    get: SqlStatement<[string], Row>;
    list: SqlStatement<[], { imsi: string }>;
    remove: SqlStatement<[string], never>;
    setSqn: SqlStatement<[number, string, string], never>;
    outboxInsert: SqlStatement<[string, Buffer, Buffer, string, string], never>;
    outboxDue: SqlStatement<[string, number], OutboxRow>;
    outboxAck: SqlStatement<[string, number], never>;
    outboxDefer: SqlStatement<[string, string, number], never>;
    outboxPending: SqlStatement<[], { n: number }>;
  };
  readonly outbox: E2mOutbox;

  constructor(db: SqliteDb, masterKey: SecretKey, ownsDb = false) {
    this.#db = db;
    this.#sealer = new Sealer(masterKey);
    this.#ownsDb = ownsDb;
    migrate(db, 'hss', [migration001Subscribers, migration002E2mOutbox]);
    this.#stmt = {
      insert: db.prepare(
        `INSERT INTO subscribers (imsi, k_sealed, opc_sealed, amf, sqn, profile, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      get: db.prepare('SELECT * FROM subscribers WHERE imsi = ?'),
      list: db.prepare('SELECT imsi FROM subscribers ORDER BY imsi'),
      remove: db.prepare('DELETE FROM subscribers WHERE imsi = ?'),
      setSqn: db.prepare('UPDATE subscribers SET sqn = ?, updated_at = ? WHERE imsi = ?'),
      outboxInsert: db.prepare(
        `INSERT INTO e2m_outbox (imsi, key_id, key_sealed, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)`,
      ),
      outboxDue: db.prepare(
        `SELECT * FROM e2m_outbox WHERE acked_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
      ),
      // An acknowledged key is at the EMKS; the HSS keeps no copy.
      outboxAck: db.prepare("UPDATE e2m_outbox SET acked_at = ?, key_sealed = x'' WHERE id = ?"),
      outboxDefer: db.prepare(
        'UPDATE e2m_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?',
      ),
      outboxPending: db.prepare('SELECT count(*) AS n FROM e2m_outbox WHERE acked_at IS NULL'),
    };
    const st = this.#stmt;
    const sealer = this.#sealer;
    this.outbox = {
      async due(now: Date, limit: number): Promise<E2mOutboxItem[]> {
        return st.outboxDue.all(now.toISOString(), limit).map((r) => ({
          id: r.id,
          imsi: r.imsi,
          keyId: Buffer.from(r.key_id),
          e2mIntKey: sealer.open(r.key_sealed, outboxAad(r.imsi, r.key_id)),
          attempts: r.attempts,
          createdAt: r.created_at,
        }));
      },
      async ack(id: number, now: Date): Promise<void> {
        st.outboxAck.run(now.toISOString(), id);
      },
      async defer(id: number, nextAttemptAt: Date, error: string): Promise<void> {
        st.outboxDefer.run(nextAttemptAt.toISOString(), error.slice(0, 500), id);
      },
      async pending(): Promise<number> {
        return st.outboxPending.get()?.n ?? 0;
      },
    };
  }

  /** Opens (creating if needed) the database file at `path`; `:memory:` for a throwaway store. */
  static open(path: string, masterKey: SecretKey, driver?: SqliteDriverName): SqliteSubscriberStore {
    return new SqliteSubscriberStore(
      openSqlite(path, driver !== undefined ? { driver } : {}),
      masterKey,
      true,
    );
  }

  #decode(row: Row): Subscriber {
    return {
      imsi: row.imsi,
      k: this.#sealer.open(row.k_sealed, aad(row.imsi, 'k')),
      opc: this.#sealer.open(row.opc_sealed, aad(row.imsi, 'opc')),
      amf: Buffer.from(row.amf),
      sqn: row.sqn,
      profile: JSON.parse(row.profile) as SubscriberProfile,
    };
  }

  async add(s: NewSubscriber): Promise<void> {
    validateImsi(s.imsi);
    const now = new Date().toISOString();
    try {
      this.#stmt.insert.run(
        s.imsi,
        this.#sealer.seal(s.k.export(), aad(s.imsi, 'k')),
        this.#sealer.seal(s.opc.export(), aad(s.imsi, 'opc')),
        s.amf,
        s.sqn ?? 0,
        JSON.stringify({ e2m: s.profile.e2m, e2e: s.profile.e2e }),
        now,
        now,
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw new SubscriberExistsError(s.imsi);
      throw err;
    }
  }

  async get(imsi: string): Promise<Subscriber | undefined> {
    const row = this.#stmt.get.get(imsi);
    return row === undefined ? undefined : this.#decode(row);
  }

  async list(): Promise<string[]> {
    return this.#stmt.list.all().map((r) => r.imsi);
  }

  async remove(imsi: string): Promise<boolean> {
    return this.#stmt.remove.run(imsi).changes > 0;
  }

  async updateSqn<T>(imsi: string, next: (s: Subscriber) => SqnUpdate<T>): Promise<T> {
    // BEGIN IMMEDIATE takes the write lock before the read, so no other connection can read the same
    // SQN_HE in between; within this process the driver is synchronous, hence atomic as well.
    return this.#db.immediate(() => {
      const row = this.#stmt.get.get(imsi);
      if (row === undefined) throw new SubscriberNotFoundError(imsi);
      const { sqn, result, outbox } = next(this.#decode(row));
      const now = new Date().toISOString();
      this.#stmt.setSqn.run(sqn, now, imsi);
      for (const e of outbox ?? []) {
        const sealed = this.#sealer.seal(e.e2mIntKey.export(), outboxAad(e.imsi, e.keyId));
        this.#stmt.outboxInsert.run(e.imsi, e.keyId, sealed, now, now);
      }
      return result;
    });
  }

  async rekey(newMasterKey: SecretKey): Promise<number> {
    const next = new Sealer(newMasterKey);
    return this.#db.immediate(() => {
      let n = 0;
      for (const r of this.#db.prepare<[], Row>('SELECT * FROM subscribers').all()) {
        const k = next.seal(this.#sealer.open(r.k_sealed, aad(r.imsi, 'k')).export(), aad(r.imsi, 'k'));
        const opc = next.seal(
          this.#sealer.open(r.opc_sealed, aad(r.imsi, 'opc')).export(),
          aad(r.imsi, 'opc'),
        );
        this.#db
          .prepare('UPDATE subscribers SET k_sealed = ?, opc_sealed = ? WHERE imsi = ?')
          .run(k, opc, r.imsi);
        n += 2;
      }
      for (const r of this.#db
        .prepare<[], OutboxRow>('SELECT * FROM e2m_outbox WHERE acked_at IS NULL')
        .all()) {
        const a = outboxAad(r.imsi, r.key_id);
        this.#db
          .prepare('UPDATE e2m_outbox SET key_sealed = ? WHERE id = ?')
          .run(next.seal(this.#sealer.open(r.key_sealed, a).export(), a), r.id);
        n += 1;
      }
      // Acknowledged entries need their key no longer.
      this.#db.prepare("UPDATE e2m_outbox SET key_sealed = x'' WHERE acked_at IS NOT NULL").run();
      return n;
    });
  }

  async close(): Promise<void> {
    if (this.#ownsDb && this.#db.isOpen) this.#db.close();
  }
}

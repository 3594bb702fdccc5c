import type { SecretKey } from '../../crypto/secret-key.js';
import { Sealer } from '../sealed.js';
import {
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
  };

  constructor(db: SqliteDb, masterKey: SecretKey, ownsDb = false) {
    this.#db = db;
    this.#sealer = new Sealer(masterKey);
    this.#ownsDb = ownsDb;
    migrate(db, 'hss', [migration001Subscribers]);
    this.#stmt = {
      insert: db.prepare(
        `INSERT INTO subscribers (imsi, k_sealed, opc_sealed, amf, sqn, profile, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      get: db.prepare('SELECT * FROM subscribers WHERE imsi = ?'),
      list: db.prepare('SELECT imsi FROM subscribers ORDER BY imsi'),
      remove: db.prepare('DELETE FROM subscribers WHERE imsi = ?'),
      setSqn: db.prepare('UPDATE subscribers SET sqn = ?, updated_at = ? WHERE imsi = ?'),
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

  async updateSqn<T>(imsi: string, next: (s: Subscriber) => { sqn: number; result: T }): Promise<T> {
    // BEGIN IMMEDIATE takes the write lock before the read, so no other connection can read the same
    // SQN_HE in between; within this process the driver is synchronous, hence atomic as well.
    return this.#db.immediate(() => {
      const row = this.#stmt.get.get(imsi);
      if (row === undefined) throw new SubscriberNotFoundError(imsi);
      const { sqn, result } = next(this.#decode(row));
      this.#stmt.setSqn.run(sqn, new Date().toISOString(), imsi);
      return result;
    });
  }

  async close(): Promise<void> {
    if (this.#ownsDb && this.#db.isOpen) this.#db.close();
  }
}

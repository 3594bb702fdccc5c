import type pg from 'pg';
import type { SecretKey } from '../../crypto/secret-key.js';
import { Sealer } from '../sealed.js';
import {
  SubscriberExistsError,
  SubscriberNotFoundError,
  validateImsi,
  type E2mOutbox,
  type E2mOutboxItem,
  type NewSubscriber,
  type SqnUpdate,
  type Subscriber,
  type SubscriberProfile,
  type SubscriberStore,
} from '../subscriber-store.js';
import { createPgPool, inTransaction, migratePg } from './pool.js';

const MIGRATIONS = [
  {
    id: 1,
    name: 'subscribers',
    sql: `CREATE TABLE subscribers (
      imsi TEXT PRIMARY KEY, k_sealed BYTEA NOT NULL, opc_sealed BYTEA NOT NULL,
      amf BYTEA NOT NULL CHECK (length(amf) = 2),
      sqn BIGINT NOT NULL CHECK (sqn >= 0 AND sqn < 281474976710656),
      profile JSONB NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now(), updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
  },
  {
    id: 2,
    name: 'e2m-outbox',
    sql: `CREATE TABLE e2m_outbox (
      id BIGSERIAL PRIMARY KEY, imsi TEXT NOT NULL, key_id BYTEA NOT NULL CHECK (length(key_id) = 4),
      key_sealed BYTEA NOT NULL, created_at TIMESTAMPTZ NOT NULL, next_attempt_at TIMESTAMPTZ NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, acked_at TIMESTAMPTZ);
      CREATE INDEX e2m_outbox_due ON e2m_outbox (next_attempt_at) WHERE acked_at IS NULL`,
  },
] as const;

interface Row {
  imsi: string;
  k_sealed: Buffer;
  opc_sealed: Buffer;
  amf: Buffer;
  sqn: string;
  profile: SubscriberProfile;
}

const aad = (imsi: string, field: 'k' | 'opc'): string => `subscriber:${imsi}:${field}`;
const outboxAad = (imsi: string, keyId: Uint8Array): string =>
  `e2m_outbox:${imsi}:${Buffer.from(keyId).toString('hex')}`;

/**
 * PostgreSQL implementation of SubscriberStore: several HSS instances share one database. SQN updates
 * take a row lock (SELECT … FOR UPDATE), so concurrent instances never issue the same SQN. Sealed
 * values use the same format and AAD as the SQLite store.
 */
export class PgSubscriberStore implements SubscriberStore {
  readonly #pool: pg.Pool;
  readonly #sealer: Sealer;
  readonly outbox: E2mOutbox;

  private constructor(pool: pg.Pool, masterKey: SecretKey) {
    this.#pool = pool;
    this.#sealer = new Sealer(masterKey);
    const sealer = this.#sealer;
    this.outbox = {
      async due(now: Date, limit: number): Promise<E2mOutboxItem[]> {
        // SKIP LOCKED is not needed for correctness (the EMKS is idempotent) but keeps instances apart.
        const r = await pool.query<{
          id: string;
          imsi: string;
          key_id: Buffer;
          key_sealed: Buffer;
          attempts: number;
          created_at: Date;
        }>('SELECT * FROM e2m_outbox WHERE acked_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2', [
          now,
          limit,
        ]);
        return r.rows.map((x) => ({
          id: Number(x.id),
          imsi: x.imsi,
          keyId: x.key_id,
          e2mIntKey: sealer.open(x.key_sealed, outboxAad(x.imsi, x.key_id)),
          attempts: x.attempts,
          createdAt: x.created_at.toISOString(),
        }));
      },
      async ack(id: number, now: Date): Promise<void> {
        // An acknowledged key is at the EMKS; the HSS keeps no copy.
        await pool.query("UPDATE e2m_outbox SET acked_at = $1, key_sealed = '\\x'::bytea WHERE id = $2", [
          now,
          id,
        ]);
      },
      async defer(id: number, nextAttemptAt: Date, error: string): Promise<void> {
        await pool.query(
          'UPDATE e2m_outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2 WHERE id = $3',
          [nextAttemptAt, error.slice(0, 500), id],
        );
      },
      async pending(): Promise<number> {
        return Number(
          (await pool.query<{ n: string }>('SELECT count(*) AS n FROM e2m_outbox WHERE acked_at IS NULL'))
            .rows[0]!.n,
        );
      },
    };
  }

  static async open(url: string, masterKey: SecretKey, schema = 'ciotsec'): Promise<PgSubscriberStore> {
    const pool = createPgPool(url, schema);
    await migratePg(pool, schema, 'hss', MIGRATIONS);
    return new PgSubscriberStore(pool, masterKey);
  }

  #decode(row: Row): Subscriber {
    return {
      imsi: row.imsi,
      k: this.#sealer.open(row.k_sealed, aad(row.imsi, 'k')),
      opc: this.#sealer.open(row.opc_sealed, aad(row.imsi, 'opc')),
      amf: Buffer.from(row.amf),
      sqn: Number(row.sqn),
      profile: row.profile,
    };
  }

  async add(s: NewSubscriber): Promise<void> {
    validateImsi(s.imsi);
    try {
      await this.#pool.query(
        'INSERT INTO subscribers (imsi, k_sealed, opc_sealed, amf, sqn, profile) VALUES ($1, $2, $3, $4, $5, $6)',
        [
          s.imsi,
          this.#sealer.seal(s.k.export(), aad(s.imsi, 'k')),
          this.#sealer.seal(s.opc.export(), aad(s.imsi, 'opc')),
          s.amf,
          s.sqn ?? 0,
          JSON.stringify({ e2m: s.profile.e2m, e2e: s.profile.e2e }),
        ],
      );
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new SubscriberExistsError(s.imsi);
      throw err;
    }
  }

  async get(imsi: string): Promise<Subscriber | undefined> {
    const r = await this.#pool.query<Row>('SELECT * FROM subscribers WHERE imsi = $1', [imsi]);
    return r.rows[0] === undefined ? undefined : this.#decode(r.rows[0]);
  }

  async list(): Promise<string[]> {
    return (await this.#pool.query<{ imsi: string }>('SELECT imsi FROM subscribers ORDER BY imsi')).rows.map(
      (r) => r.imsi,
    );
  }

  async remove(imsi: string): Promise<boolean> {
    return ((await this.#pool.query('DELETE FROM subscribers WHERE imsi = $1', [imsi])).rowCount ?? 0) > 0;
  }

  async updateSqn<T>(imsi: string, next: (s: Subscriber) => SqnUpdate<T>): Promise<T> {
    return inTransaction(this.#pool, async (c) => {
      const r = await c.query<Row>('SELECT * FROM subscribers WHERE imsi = $1 FOR UPDATE', [imsi]);
      if (r.rows[0] === undefined) throw new SubscriberNotFoundError(imsi);
      const { sqn, result, outbox } = next(this.#decode(r.rows[0]));
      await c.query('UPDATE subscribers SET sqn = $1, updated_at = now() WHERE imsi = $2', [sqn, imsi]);
      for (const e of outbox ?? []) {
        await c.query(
          'INSERT INTO e2m_outbox (imsi, key_id, key_sealed, created_at, next_attempt_at) VALUES ($1, $2, $3, now(), now())',
          [e.imsi, e.keyId, this.#sealer.seal(e.e2mIntKey.export(), outboxAad(e.imsi, e.keyId))],
        );
      }
      return result;
    });
  }

  async rekey(newMasterKey: SecretKey): Promise<number> {
    const next = new Sealer(newMasterKey);
    return inTransaction(this.#pool, async (c) => {
      let n = 0;
      for (const r of (await c.query<Row>('SELECT * FROM subscribers FOR UPDATE')).rows) {
        const k = next.seal(this.#sealer.open(r.k_sealed, aad(r.imsi, 'k')).export(), aad(r.imsi, 'k'));
        const opc = next.seal(
          this.#sealer.open(r.opc_sealed, aad(r.imsi, 'opc')).export(),
          aad(r.imsi, 'opc'),
        );
        await c.query('UPDATE subscribers SET k_sealed = $1, opc_sealed = $2 WHERE imsi = $3', [
          k,
          opc,
          r.imsi,
        ]);
        n += 2;
      }
      const pending = await c.query<{ id: string; imsi: string; key_id: Buffer; key_sealed: Buffer }>(
        'SELECT id, imsi, key_id, key_sealed FROM e2m_outbox WHERE acked_at IS NULL FOR UPDATE',
      );
      for (const r of pending.rows) {
        const a = outboxAad(r.imsi, r.key_id);
        await c.query('UPDATE e2m_outbox SET key_sealed = $1 WHERE id = $2', [
          next.seal(this.#sealer.open(r.key_sealed, a).export(), a),
          r.id,
        ]);
        n += 1;
      }
      await c.query("UPDATE e2m_outbox SET key_sealed = '\\x'::bytea WHERE acked_at IS NOT NULL");
      return n;
    });
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

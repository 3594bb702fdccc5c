import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { SecretKey } from '../../src/crypto/secret-key.js';
import type { SubscriberStore } from '../../src/store/subscriber-store.js';
import { SqliteSubscriberStore } from '../../src/store/sqlite/subscriber-store.js';
import { PgSubscriberStore } from '../../src/store/postgres/subscriber-store.js';
import { openSqlite } from '../../src/store/sqlite/open.js';
import { availableSqliteDrivers, type SqliteDriverName } from '../../src/store/sqlite/driver.js';
import { PgEmksStore, SqliteEmksStore, type EmksStore } from '../../src/nf/emks/index.js';

/** Where a backend keeps its data, serialisable for worker threads. */
export type Location =
  { kind: 'sqlite'; path: string; driver: SqliteDriverName } | { kind: 'pg'; url: string; schema: string };

export interface Backend {
  readonly name: string;
  /** A fresh, empty location. */
  fresh(): Location;
  /** All bytes the backend holds at a location (files, or every row's values), to search for leaks. */
  rawBytes(loc: Location): Promise<Buffer>;
  /** Runs one SQL statement directly against the location (for tamper tests). */
  exec(loc: Location, sql: string): Promise<void>;
  cleanup(): Promise<void>;
}

export function openSubscriberStore(loc: Location, master: SecretKey): Promise<SubscriberStore> {
  return loc.kind === 'sqlite'
    ? Promise.resolve(SqliteSubscriberStore.open(loc.path, master, loc.driver))
    : PgSubscriberStore.open(loc.url, master, loc.schema);
}

export function openEmksStore(loc: Location, master: SecretKey): Promise<EmksStore> {
  return loc.kind === 'sqlite'
    ? Promise.resolve(SqliteEmksStore.open(loc.path, master, loc.driver))
    : PgEmksStore.open(loc.url, master, loc.schema);
}

export const PG_URL = process.env['CIOTSEC_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * The backends this machine can run: each SQLite driver the running Node loads safely (D-007) and
 * PostgreSQL. PostgreSQL is required in CI (CI set); elsewhere it is used when reachable.
 */
export async function backends(): Promise<Backend[]> {
  const major = Number(process.versions.node.split('.')[0]);
  const out: Backend[] = availableSqliteDrivers()
    .filter((d) => !(d === 'better-sqlite3' && major >= 24))
    .map((driver) => ({
      name: `sqlite/${driver}`,
      fresh: () => ({
        kind: 'sqlite' as const,
        path: join(mkdtempSync(join(tmpdir(), 'ciotsec-store-')), 'store.db'),
        driver,
      }),
      async rawBytes(loc) {
        if (loc.kind !== 'sqlite') throw new Error('wrong location');
        const dir = join(loc.path, '..');
        return Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
      },
      async exec(loc, sql) {
        if (loc.kind !== 'sqlite') throw new Error('wrong location');
        const db = openSqlite(loc.path, { driver });
        db.exec(sql);
        db.close();
      },
      async cleanup() {},
    }));
  if (await pgReachable()) {
    const schemas: string[] = [];
    out.push({
      name: 'postgres',
      fresh: () => {
        const schema = `ciotsec_t_${randomBytes(6).toString('hex')}`;
        schemas.push(schema);
        return { kind: 'pg', url: PG_URL, schema };
      },
      async rawBytes(loc) {
        if (loc.kind !== 'pg') throw new Error('wrong location');
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        const tables = await c.query<{ table_name: string }>(
          'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
          [loc.schema],
        );
        const parts: Buffer[] = [];
        for (const t of tables.rows) {
          const rows = await c.query(`SELECT * FROM ${loc.schema}.${t.table_name}`);
          for (const r of rows.rows as Record<string, unknown>[]) {
            for (const v of Object.values(r)) parts.push(Buffer.isBuffer(v) ? v : Buffer.from(String(v)));
          }
        }
        await c.end();
        return Buffer.concat(parts);
      },
      async exec(loc, sql) {
        if (loc.kind !== 'pg') throw new Error('wrong location');
        const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${loc.schema}` });
        await c.connect();
        await c.query(sql);
        await c.end();
      },
      async cleanup() {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
        await c.end();
      },
    });
  } else if (process.env['CI'] !== undefined) {
    throw new Error(`PostgreSQL not reachable at ${PG_URL}; CI requires it`);
  }
  return out;
}

import pg from 'pg';

/**
 * A PostgreSQL pool bound to one schema (search_path), so that deployments and test runs can share a
 * database without sharing tables. `url` is a libpq connection URI.
 */
export function createPgPool(url: string, schema = 'ciotsec', max = 10): pg.Pool {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new RangeError(`invalid schema name ${schema}`);
  const pool = new pg.Pool({ connectionString: url, max, options: `-c search_path=${schema}` });
  pool.on('error', () => undefined); // idle client errors surface on the next query
  return pool;
}

export interface PgMigration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Applies a module's migrations once, under an advisory lock, so that several instances starting
 * together migrate exactly once.
 */
export async function migratePg(
  pool: pg.Pool,
  schema: string,
  module: string,
  migrations: readonly PgMigration[],
): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [`ciotsec:${schema}`]);
    await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await c.query(`CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
      module TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      PRIMARY KEY (module, id))`);
    for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
      const done = await c.query(`SELECT 1 FROM ${schema}.schema_migrations WHERE module = $1 AND id = $2`, [
        module,
        m.id,
      ]);
      if (done.rowCount !== 0) continue;
      await c.query('BEGIN');
      try {
        await c.query(m.sql);
        await c.query(`INSERT INTO ${schema}.schema_migrations (module, id, name) VALUES ($1, $2, $3)`, [
          module,
          m.id,
          m.name,
        ]);
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await c.query('SELECT pg_advisory_unlock(hashtext($1))', [`ciotsec:${schema}`]).catch(() => undefined);
    c.release();
  }
}

/** Runs `fn` in a transaction on one client. */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const r = await fn(c);
    await c.query('COMMIT');
    return r;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}

import { createRequire } from 'node:module';
import { ConfigError } from '../../errors/base.js';

/**
 * The few SQLite operations the stores use, over two drivers: `node:sqlite` (built into Node; used
 * from Node 24 on) and better-sqlite3 (Node 20 and 22). better-sqlite3 < 13 aborts the process on
 * Node ≥ 24.19 when a statement is garbage-collected outside a JS context, and 13 needs Node ≥ 22;
 * docs/decisions.md D-007 has the details. CIOTSEC_SQLITE_DRIVER=node|better-sqlite3 overrides.
 */
export interface SqlStatement<P extends unknown[], R> {
  get(...params: P): R | undefined;
  all(...params: P): R[];
  run(...params: P): { changes: number };
}

export interface SqliteDb {
  readonly driver: SqliteDriverName;
  readonly isOpen: boolean;
  exec(sql: string): void;
  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): SqlStatement<P, R>;
  /** Runs `fn` in a BEGIN IMMEDIATE transaction: the write lock is taken before the first read. */
  immediate<T>(fn: () => T): T;
  close(): void;
}

export type SqliteDriverName = 'node' | 'better-sqlite3';

const require = createRequire(import.meta.url);

/** node:sqlite returns BLOBs as Uint8Array; the stores work with Buffer. */
function normaliseRow<R>(row: unknown): R {
  if (row === undefined || row === null || typeof row !== 'object') return row as R;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row))
    out[k] = v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v) : v;
  return out as R;
}

interface NodeSqliteModule {
  DatabaseSync: new (path: string) => {
    isOpen: boolean;
    exec(sql: string): void;
    prepare(sql: string): {
      get(...p: unknown[]): unknown;
      all(...p: unknown[]): unknown[];
      run(...p: unknown[]): { changes: number | bigint };
    };
    close(): void;
  };
}

interface BetterSqliteModule {
  new (path: string): {
    open: boolean;
    exec(sql: string): void;
    prepare(sql: string): {
      get(...p: unknown[]): unknown;
      all(...p: unknown[]): unknown[];
      run(...p: unknown[]): { changes: number };
    };
    close(): void;
  };
}

function transaction<T>(db: { exec(sql: string): void }, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  let result: T;
  try {
    result = fn();
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
  db.exec('COMMIT');
  return result;
}

function openNode(path: string): SqliteDb {
  const { DatabaseSync } = require('node:sqlite') as NodeSqliteModule;
  const db = new DatabaseSync(path);
  return {
    driver: 'node',
    get isOpen() {
      return db.isOpen;
    },
    exec: (sql) => db.exec(sql),
    prepare<P extends unknown[], R>(sql: string): SqlStatement<P, R> {
      const s = db.prepare(sql);
      return {
        get: (...p) => normaliseRow<R | undefined>(s.get(...p)),
        all: (...p) => s.all(...p).map((r) => normaliseRow<R>(r)),
        run: (...p) => ({ changes: Number(s.run(...p).changes) }),
      };
    },
    immediate: (fn) => transaction(db, fn),
    close: () => db.close(),
  };
}

function openBetter(path: string): SqliteDb {
  const Database = require('better-sqlite3') as BetterSqliteModule;
  const db = new Database(path);
  return {
    driver: 'better-sqlite3',
    get isOpen() {
      return db.open;
    },
    exec: (sql) => db.exec(sql),
    prepare<P extends unknown[], R>(sql: string): SqlStatement<P, R> {
      const s = db.prepare(sql);
      return {
        get: (...p) => s.get(...p) as R | undefined,
        all: (...p) => s.all(...p) as R[],
        run: (...p) => ({ changes: s.run(...p).changes }),
      };
    },
    immediate: (fn) => transaction(db, fn),
    close: () => db.close(),
  };
}

export function defaultSqliteDriver(env: NodeJS.ProcessEnv = process.env): SqliteDriverName {
  const forced = env['CIOTSEC_SQLITE_DRIVER'];
  if (forced !== undefined && forced !== '') {
    if (forced !== 'node' && forced !== 'better-sqlite3') {
      throw new ConfigError('CIOTSEC_SQLITE_DRIVER', "must be 'node' or 'better-sqlite3'");
    }
    return forced;
  }
  const major = Number(process.versions.node.split('.')[0]);
  return major >= 24 ? 'node' : 'better-sqlite3';
}

/** Drivers that load in this Node.js: node:sqlite needs Node ≥ 22.5. */
export function availableSqliteDrivers(): SqliteDriverName[] {
  const out: SqliteDriverName[] = [];
  try {
    require('node:sqlite');
    out.push('node');
  } catch {
    /* not in this Node.js */
  }
  try {
    require('better-sqlite3');
    out.push('better-sqlite3');
  } catch {
    /* not installed */
  }
  return out;
}

/** Whether `err` is a PRIMARY KEY or UNIQUE violation, whichever driver raised it. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; errcode?: unknown };
  // SQLITE_CONSTRAINT_PRIMARYKEY = 1555, SQLITE_CONSTRAINT_UNIQUE = 2067
  return (
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e.errcode === 1555 ||
    e.errcode === 2067
  );
}

export function openSqliteDriver(path: string, driver: SqliteDriverName = defaultSqliteDriver()): SqliteDb {
  return driver === 'node' ? openNode(path) : openBetter(path);
}

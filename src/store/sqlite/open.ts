import { openSqliteDriver, type SqliteDb, type SqliteDriverName } from './driver.js';

/**
 * Opens an SQLite database for concurrent use by several processes: WAL, a busy timeout instead of
 * SQLITE_BUSY errors, and synchronous=FULL so that an acknowledged SQN update survives a power cut.
 */
export function openSqlite(
  path: string,
  opts: { busyTimeoutMs?: number; driver?: SqliteDriverName } = {},
): SqliteDb {
  const db = openSqliteDriver(path, opts.driver);
  db.exec(`PRAGMA busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
  if (path !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  return db;
}

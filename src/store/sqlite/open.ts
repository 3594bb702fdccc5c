import Database from 'better-sqlite3';

/**
 * Opens an SQLite database for concurrent use by several processes: WAL, a busy timeout instead of
 * SQLITE_BUSY errors, and synchronous=FULL so that an acknowledged SQN update survives a power cut.
 */
export function openSqlite(path: string, busyTimeoutMs = 5000): Database.Database {
  const db = new Database(path);
  db.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db;
}

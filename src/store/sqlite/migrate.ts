import type { SqliteDb } from './driver.js';

export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

/** Applies, in one transaction each, the migrations a database has not seen yet. */
export function migrate(db: SqliteDb, module: string, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    module TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (module, id)) STRICT`);
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    db.immediate(() => {
      // Checked inside the write transaction, so two processes starting at once apply it once.
      const done = db
        .prepare<[string, number], { id: number }>(
          'SELECT id FROM schema_migrations WHERE module = ? AND id = ?',
        )
        .get(module, m.id);
      if (done !== undefined) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (module, id, name, applied_at) VALUES (?, ?, ?, ?)').run(
        module,
        m.id,
        m.name,
        new Date().toISOString(),
      );
    });
  }
}

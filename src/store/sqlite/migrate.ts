import type Database from 'better-sqlite3';

export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

/** Applies, in one transaction each, the migrations a database has not seen yet. */
export function migrate(db: Database.Database, module: string, migrations: readonly Migration[]): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    module TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (module, id)) STRICT`);
  const applied = new Set(
    db
      .prepare<[string], { id: number }>('SELECT id FROM schema_migrations WHERE module = ?')
      .all(module)
      .map((r) => r.id),
  );
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (applied.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (module, id, name, applied_at) VALUES (?, ?, ?, ?)').run(
        module,
        m.id,
        m.name,
        new Date().toISOString(),
      );
    }).immediate();
  }
}

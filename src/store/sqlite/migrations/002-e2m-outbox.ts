/** 002: the HSS's durable outbox of e2m_int_key pushes to the EMKS (keys sealed). */
export const migration002E2mOutbox = {
  id: 2,
  name: 'e2m-outbox',
  sql: `
    CREATE TABLE e2m_outbox (
      id               INTEGER PRIMARY KEY AUTOINCREMENT,
      imsi             TEXT NOT NULL,
      key_id           BLOB NOT NULL CHECK (length(key_id) = 4),
      key_sealed       BLOB NOT NULL,
      created_at       TEXT NOT NULL,
      next_attempt_at  TEXT NOT NULL,
      attempts         INTEGER NOT NULL DEFAULT 0,
      last_error       TEXT,
      acked_at         TEXT
    ) STRICT;
    CREATE INDEX e2m_outbox_due ON e2m_outbox (acked_at, next_attempt_at);
  `,
} as const;

/** EMKS schema, module 'emks'. Keys are sealed (store/sealed.ts) with AAD `emks:<imsi>:<keyId>`. */
export const emksMigrations = [
  {
    id: 1,
    name: 'keys-identities-sessions-audit',
    sql: `
      CREATE TABLE e2m_int_keys (
        imsi TEXT NOT NULL, key_id BLOB NOT NULL CHECK (length(key_id) = 4), key_sealed BLOB NOT NULL,
        key_fp TEXT NOT NULL, received_at TEXT NOT NULL, seq INTEGER NOT NULL,
        PRIMARY KEY (imsi, key_id)) STRICT;
      CREATE TABLE identities (ue_id TEXT PRIMARY KEY NOT NULL, imsi TEXT NOT NULL) STRICT;
      CREATE INDEX identities_imsi ON identities (imsi);
      CREATE TABLE authorisations (emse_id TEXT NOT NULL, ue_id TEXT NOT NULL, PRIMARY KEY (emse_id, ue_id)) STRICT;
      CREATE TABLE emse_sessions (session_id TEXT PRIMARY KEY NOT NULL, emse_id TEXT NOT NULL, created_at TEXT NOT NULL) STRICT;
      CREATE TABLE subscriptions (
        subscription_id TEXT PRIMARY KEY NOT NULL, session_id TEXT NOT NULL, emse_id TEXT NOT NULL,
        notify_uri TEXT NOT NULL, ue_ids TEXT NOT NULL) STRICT;
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, emse_id TEXT NOT NULL, ue_id TEXT NOT NULL,
        imsi TEXT, key_id TEXT NOT NULL, outcome TEXT NOT NULL) STRICT;
    `,
  },
] as const;

/** ECS schema, module 'ecs'. */
export const ecsMigrations = [
  {
    id: 1,
    name: 'registrations-revocations-jti',
    sql: `
      CREATE TABLE ees_registrations (
        registration_id TEXT PRIMARY KEY NOT NULL, ees_id TEXT NOT NULL UNIQUE, client_id TEXT NOT NULL,
        registration TEXT NOT NULL, exp_time TEXT NOT NULL, cert_sha256 TEXT NOT NULL, cert_serial TEXT NOT NULL,
        cert_pem TEXT NOT NULL, cert_source TEXT NOT NULL CHECK (cert_source IN ('ecsp', 'third-party')),
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT;
      CREATE INDEX ees_registrations_exp ON ees_registrations (exp_time);
      CREATE TABLE revocations (
        cert_sha256 TEXT PRIMARY KEY NOT NULL, serial TEXT NOT NULL, reason TEXT NOT NULL,
        revoked_at TEXT NOT NULL) STRICT;
      CREATE TABLE used_jti (jti TEXT PRIMARY KEY NOT NULL, exp TEXT NOT NULL) STRICT;
    `,
  },
] as const;

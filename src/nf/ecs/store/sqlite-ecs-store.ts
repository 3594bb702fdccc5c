import { migrate } from '../../../store/sqlite/migrate.js';
import { openSqlite } from '../../../store/sqlite/open.js';
import { isUniqueViolation, type SqliteDb, type SqliteDriverName } from '../../../store/sqlite/driver.js';
import { EesIdInUseError } from '../errors.js';
import type { EcsStore, Revocation, StoredRegistration } from './ecs-store.js';
import { ecsMigrations } from './sqlite-migrations.js';

interface Row {
  registration_id: string;
  ees_id: string;
  client_id: string;
  registration: string;
  exp_time: string;
  cert_sha256: string;
  cert_serial: string;
  cert_pem: string;
  cert_source: 'ecsp' | 'third-party';
  created_at: string;
  updated_at: string;
}

const fromRow = (r: Row): StoredRegistration => ({
  registrationId: r.registration_id,
  eesId: r.ees_id,
  clientId: r.client_id,
  registration: JSON.parse(r.registration) as Record<string, unknown>,
  expTime: r.exp_time,
  certSha256: r.cert_sha256,
  certSerial: r.cert_serial,
  certPem: r.cert_pem,
  certSource: r.cert_source,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** SQLite implementation of EcsStore (the embedded default). Times are ISO 8601 UTC strings. */
export class SqliteEcsStore implements EcsStore {
  readonly #db: SqliteDb;

  constructor(db: SqliteDb) {
    this.#db = db;
    migrate(db, 'ecs', ecsMigrations);
  }

  static open(path: string, driver?: SqliteDriverName): SqliteEcsStore {
    return new SqliteEcsStore(openSqlite(path, driver !== undefined ? { driver } : {}));
  }

  async createRegistration(r: StoredRegistration): Promise<void> {
    try {
      this.#db
        .prepare(
          `INSERT INTO ees_registrations (registration_id, ees_id, client_id, registration, exp_time, cert_sha256,
             cert_serial, cert_pem, cert_source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          r.registrationId,
          r.eesId,
          r.clientId,
          JSON.stringify(r.registration),
          r.expTime,
          r.certSha256,
          r.certSerial,
          r.certPem,
          r.certSource,
          r.createdAt,
          r.updatedAt,
        );
    } catch (err) {
      if (isUniqueViolation(err)) throw new EesIdInUseError(`EES '${r.eesId}' is already registered`);
      throw err;
    }
  }

  async getRegistration(registrationId: string): Promise<StoredRegistration | undefined> {
    const r = this.#db
      .prepare<[string], Row>('SELECT * FROM ees_registrations WHERE registration_id = ?')
      .get(registrationId);
    return r === undefined ? undefined : fromRow(r);
  }

  async findByEesId(eesId: string): Promise<StoredRegistration | undefined> {
    const r = this.#db.prepare<[string], Row>('SELECT * FROM ees_registrations WHERE ees_id = ?').get(eesId);
    return r === undefined ? undefined : fromRow(r);
  }

  async updateRegistration(
    registrationId: string,
    registration: Record<string, unknown>,
    expTime: string,
    now: Date,
  ): Promise<StoredRegistration | undefined> {
    const { changes } = this.#db
      .prepare(
        'UPDATE ees_registrations SET registration = ?, exp_time = ?, updated_at = ? WHERE registration_id = ?',
      )
      .run(JSON.stringify(registration), expTime, now.toISOString(), registrationId);
    return changes === 0 ? undefined : this.getRegistration(registrationId);
  }

  async deleteRegistration(registrationId: string): Promise<StoredRegistration | undefined> {
    return this.#db.immediate(() => {
      const r = this.#db
        .prepare<[string], Row>('SELECT * FROM ees_registrations WHERE registration_id = ?')
        .get(registrationId);
      if (r === undefined) return undefined;
      this.#db.prepare('DELETE FROM ees_registrations WHERE registration_id = ?').run(registrationId);
      return fromRow(r);
    });
  }

  async expiredRegistrations(now: Date): Promise<StoredRegistration[]> {
    return this.#db
      .prepare<[string], Row>('SELECT * FROM ees_registrations WHERE exp_time <= ? ORDER BY exp_time')
      .all(now.toISOString())
      .map(fromRow);
  }

  async revoke(r: Revocation): Promise<void> {
    this.#db
      .prepare(
        'INSERT INTO revocations (cert_sha256, serial, reason, revoked_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(r.certSha256, r.serial, r.reason, r.revokedAt);
  }

  async isRevoked(certSha256: string): Promise<boolean> {
    return (
      this.#db
        .prepare<[string], { n: number }>('SELECT 1 AS n FROM revocations WHERE cert_sha256 = ?')
        .get(certSha256) !== undefined
    );
  }

  async revocations(): Promise<Revocation[]> {
    return this.#db
      .prepare<[], { cert_sha256: string; serial: string; reason: string; revoked_at: string }>(
        'SELECT * FROM revocations ORDER BY revoked_at',
      )
      .all()
      .map((r) => ({
        certSha256: r.cert_sha256,
        serial: r.serial,
        reason: r.reason,
        revokedAt: r.revoked_at,
      }));
  }

  async consumeJti(jti: string, exp: Date, now: Date): Promise<boolean> {
    return this.#db.immediate(() => {
      // Used jtis are kept until their token would have expired anyway.
      this.#db.prepare('DELETE FROM used_jti WHERE exp < ?').run(now.toISOString());
      const { changes } = this.#db
        .prepare('INSERT INTO used_jti (jti, exp) VALUES (?, ?) ON CONFLICT DO NOTHING')
        .run(jti, exp.toISOString());
      return changes === 1;
    });
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}

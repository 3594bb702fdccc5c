/** An EES registration as the ECS keeps it (TS 29.558 EESRegistration plus the onboarding binding). */
export interface StoredRegistration {
  readonly registrationId: string;
  readonly eesId: string;
  /** `client_id` of the onboarding token: the EES provider that enrolled this EES. */
  readonly clientId: string;
  /** The EESRegistration body (eesProf, suppFeat), without expTime and extension members. */
  readonly registration: Record<string, unknown>;
  readonly expTime: string;
  /** SHA-256 of the bound certificate's DER, lower-case hex: the mutual-TLS identity of this EES. */
  readonly certSha256: string;
  readonly certSerial: string;
  readonly certPem: string;
  readonly certSource: 'ecsp' | 'third-party';
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Revocation {
  readonly serial: string;
  readonly certSha256: string;
  readonly reason: string;
  readonly revokedAt: string;
}

/**
 * The ECS's aggregates: registrations (with the certificate each is bound to), the revocation list,
 * and the `jti`s of onboarding tokens already used.
 */
export interface EcsStore {
  /** Throws EesIdInUseError when another registration holds the same eesId. */
  createRegistration(r: StoredRegistration): Promise<void>;
  getRegistration(registrationId: string): Promise<StoredRegistration | undefined>;
  findByEesId(eesId: string): Promise<StoredRegistration | undefined>;
  updateRegistration(
    registrationId: string,
    registration: Record<string, unknown>,
    expTime: string,
    now: Date,
  ): Promise<StoredRegistration | undefined>;
  deleteRegistration(registrationId: string): Promise<StoredRegistration | undefined>;
  /** Registrations whose expTime is at or before `now`. */
  expiredRegistrations(now: Date): Promise<StoredRegistration[]>;

  revoke(r: Revocation): Promise<void>;
  /** Whether the certificate with this SHA-256 (hex) is on the revocation list. */
  isRevoked(certSha256: string): Promise<boolean>;
  revocations(): Promise<Revocation[]>;

  /** Records `jti` until `exp`; false when it was recorded before (onboarding tokens are single use). */
  consumeJti(jti: string, exp: Date, now: Date): Promise<boolean>;
  close(): Promise<void>;
}

import type { SecretKey } from '../../../crypto/secret-key.js';

export interface StoredE2mIntKey {
  readonly imsi: string;
  readonly keyId: Buffer;
  readonly key: SecretKey;
  readonly receivedAt: string;
}

export interface EmseSession {
  readonly sessionId: string;
  readonly emseId: string;
  readonly createdAt: string;
}

export interface AuditRecord {
  readonly at: string;
  readonly emseId: string;
  readonly ueId: string;
  readonly imsi: string | null;
  readonly keyId: string;
  readonly outcome: 'released' | 'not-found' | 'forbidden' | 'notified';
}

export interface Subscription {
  readonly subscriptionId: string;
  readonly sessionId: string;
  readonly emseId: string;
  readonly notifyUri: string;
  readonly ueIds: readonly string[];
}

/**
 * The EMKS's aggregates: e2m_int_keys (the last `retention` per UE, sealed at rest), application-layer
 * identities, EMSE authorisations, sessions, subscriptions and the audit log of key releases.
 */
export type PutKeyOutcome = 'created' | 'duplicate' | 'replaced' | 'stale';

export interface EmksStore {
  /**
   * Idempotent on (IMSI, key id): 'created' the first time, 'duplicate' for the same key again. Keys are
   * ordered by `seq` (the HSS's issue order; arrival order when absent) and the newest `retention` are
   * kept; a key older than all of them, arriving when the UE already has `retention` keys, is 'stale'
   * and not stored (a late retry after an outage must not push out a newer key).
   */
  putKey(
    imsi: string,
    keyId: Buffer,
    key: SecretKey,
    retention: number,
    now: Date,
    seq?: number,
  ): Promise<PutKeyOutcome>;
  getKey(imsi: string, keyId: Buffer): Promise<StoredE2mIntKey | undefined>;
  listKeyIds(imsi: string): Promise<Buffer[]>;

  setIdentity(ueId: string, imsi: string): Promise<void>;
  resolveIdentity(ueId: string): Promise<string | undefined>;
  identitiesOf(imsi: string): Promise<string[]>;

  setAuthorisations(emseId: string, ueIds: readonly string[]): Promise<void>;
  isAuthorised(emseId: string, ueId: string): Promise<boolean>;

  createSession(emseId: string, now: Date): Promise<EmseSession>;
  getSession(sessionId: string): Promise<EmseSession | undefined>;
  deleteSession(sessionId: string): Promise<boolean>;

  addSubscription(s: Subscription): Promise<void>;
  subscriptionsFor(ueIds: readonly string[]): Promise<Subscription[]>;

  audit(r: AuditRecord): Promise<void>;
  auditLog(limit: number): Promise<AuditRecord[]>;
  /** Re-seals every stored key under `newMasterKey` in one transaction; returns the count.
   * Offline operation: close this instance afterwards and reopen with the new key. */
  rekey(newMasterKey: SecretKey): Promise<number>;
  close(): Promise<void>;
}

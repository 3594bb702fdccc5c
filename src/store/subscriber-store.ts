import { CiotsecError, InvalidInputError } from '../errors/base.js';
import type { SecretKey } from '../crypto/secret-key.js';

/** Subscription profile flags the HSS acts on. */
export interface SubscriberProfile {
  /** Derive e2m_int_key and push it to the EMKS on each vector (seed 001); CK'/IK' to the serving network. */
  readonly e2m: boolean;
  /** Also deliver e2e keys to an EESE (seed 003). */
  readonly e2e: boolean;
}

export interface Subscriber {
  readonly imsi: string;
  readonly k: SecretKey;
  readonly opc: SecretKey;
  /** Default AMF for vectors (2 bytes). */
  readonly amf: Buffer;
  /** SQN_HE: the last SQN the HSS issued (TS 33.102 C.2). */
  readonly sqn: number;
  readonly profile: SubscriberProfile;
}

export type NewSubscriber = Omit<Subscriber, 'sqn'> & { readonly sqn?: number };

/** An e2m_int_key waiting to be pushed to the EMKS (seed 001 6.x.2.1; at-least-once delivery). */
export interface E2mOutboxEntry {
  readonly imsi: string;
  /** 32 least significant bits of RAND (D-003). */
  readonly keyId: Buffer;
  readonly e2mIntKey: SecretKey;
}

export interface E2mOutboxItem extends E2mOutboxEntry {
  readonly id: number;
  readonly attempts: number;
  readonly createdAt: string;
}

/** The HSS's durable outbox of e2m_int_key pushes. Entries are written with the vector (updateSqn). */
export interface E2mOutbox {
  /** Unacknowledged entries whose next attempt is due at `now`, oldest first. */
  due(now: Date, limit: number): Promise<E2mOutboxItem[]>;
  ack(id: number, now: Date): Promise<void>;
  defer(id: number, nextAttemptAt: Date, error: string): Promise<void>;
  pending(): Promise<number>;
}

/** What an updateSqn callback returns: the new SQN_HE, a result, and outbox entries to write with it. */
export interface SqnUpdate<T> {
  readonly sqn: number;
  readonly result: T;
  readonly outbox?: readonly E2mOutboxEntry[];
}

/**
 * The HSS's subscriber aggregate. Implementations keep K and OPc encrypted at rest and make
 * `updateSqn` atomic: concurrent callers, in this process or another one sharing the database, each see
 * and replace a distinct SQN_HE.
 */
export interface SubscriberStore {
  add(subscriber: NewSubscriber): Promise<void>;
  get(imsi: string): Promise<Subscriber | undefined>;
  list(): Promise<string[]>;
  remove(imsi: string): Promise<boolean>;
  /**
   * Atomically reads SQN_HE, computes the next value with `next` (synchronous; it may throw to abort)
   * and stores it together with any outbox entries it returns, in one transaction.
   */
  updateSqn<T>(imsi: string, next: (s: Subscriber) => SqnUpdate<T>): Promise<T>;
  readonly outbox: E2mOutbox;
  /** Re-seals every sealed value under `newMasterKey` in one transaction (D-006 rotation); returns the count.
   * Offline operation: close this instance afterwards and reopen with the new key. */
  rekey(newMasterKey: SecretKey): Promise<number>;
  close(): Promise<void>;
}

export class SubscriberNotFoundError extends CiotsecError {
  readonly code = 'ERR_SUBSCRIBER_NOT_FOUND';
  override readonly name = 'SubscriberNotFoundError';
  constructor(readonly imsi: string) {
    super(`no subscriber with IMSI ${imsi}`);
  }
}

export class SubscriberExistsError extends CiotsecError {
  readonly code = 'ERR_SUBSCRIBER_EXISTS';
  override readonly name = 'SubscriberExistsError';
  constructor(readonly imsi: string) {
    super(`a subscriber with IMSI ${imsi} already exists`);
  }
}

/** IMSI: MCC (3) + MNC (2–3) + MSIN, 6 to 15 decimal digits (TS 23.003 §2.2). */
export function validateImsi(imsi: string): string {
  if (!/^[0-9]{6,15}$/.test(imsi)) throw new InvalidInputError('imsi', 'must be 6 to 15 decimal digits');
  return imsi;
}

/** One UUID_UE in the Authorization Server's database (seed 004 step 0-b). */
export interface UuidRecord {
  readonly uuid: string;
  /** The SP (NF instance) that registered it. */
  readonly sp: string;
  state: 'registered' | 'authorised' | 'connected';
  readonly treBinding: Buffer | null;
  authzId?: string;
  sn?: string;
  acknowledgedAt?: number;
}

/**
 * The UUID database. In memory: the Authorization Server keeps its database for the life of the
 * process (D-034); a durable store would implement the same interface.
 */
export interface UuidStore {
  get(uuid: string): UuidRecord | undefined;
  add(r: UuidRecord): boolean;
  byAuthzId(id: string): UuidRecord | undefined;
  setAuthzId(r: UuidRecord, id: string): void;
}

export function memoryUuidStore(): UuidStore {
  const byUuid = new Map<string, UuidRecord>();
  const byAuthz = new Map<string, UuidRecord>();
  return {
    get: (u) => byUuid.get(u),
    add(r) {
      if (byUuid.has(r.uuid)) return false;
      byUuid.set(r.uuid, r);
      return true;
    },
    byAuthzId: (id) => byAuthz.get(id),
    setAuthzId(r, id) {
      r.authzId = id;
      byAuthz.set(id, r);
    },
  };
}

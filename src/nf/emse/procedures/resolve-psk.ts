import type { SecretKey } from '../../../crypto/secret-key.js';
import { DtlsDecodeError, type PskIdentity, identityDigest, parsePskIdentity } from '../../../dtls/index.js';
import { emseEvents } from '../events.js';

/** What the resolver needs of the key client (EmksKeyClient fits). */
export interface KeySource {
  getKey(ueId: string, keyId: string): Promise<SecretKey | undefined>;
  cachedKey(ueId: string, keyId: string): SecretKey | undefined;
}

export interface ResolvedPskIdentity {
  readonly ueId: string;
  /** 8 lower-case hex digits (D-003). */
  readonly keyId: string;
  readonly form: PskIdentity['form'];
}

/**
 * Maps a psk_identity to (UE identity, key id) and the key (seed 001 6.x.2.3 steps 4–7): the full form
 * names the UE; the compact form carries only a digest of it, which the EMSE resolves among the UE
 * identities it knows — configured ones, and those it has seen in the full form (docs/decisions.md D-022).
 *
 * @example
 * const r = new PskResolver(keyClient, ['sensor-17@iot.example']);
 * const key = await r.getKey(Buffer.from('1a2b3c4d.sensor-17'), 'dtls');
 */
export class PskResolver {
  readonly #keys: KeySource;
  readonly #byDigest = new Map<string, string>();
  readonly #maxLearned: number;

  constructor(keys: KeySource, knownIdentities: readonly string[] = [], maxLearned = 10_000) {
    this.#keys = keys;
    this.#maxLearned = knownIdentities.length + maxLearned;
    for (const id of knownIdentities) this.#byDigest.set(identityDigest(id), id);
  }

  /** Adds a UE identity for compact-form resolution (e.g. from provisioning or an EMKS notification). */
  learn(ueId: string): void {
    const d = identityDigest(ueId);
    if (this.#byDigest.has(d)) return;
    if (this.#byDigest.size >= this.#maxLearned)
      this.#byDigest.delete(this.#byDigest.keys().next().value as string);
    this.#byDigest.set(d, ueId);
  }

  /** Step 4: psk_identity → (ueId, keyId), or a reason. */
  resolve(identity: Uint8Array): ResolvedPskIdentity | 'invalid' | 'unresolved-compact' {
    const p = parsePskIdentity(identity);
    if (p instanceof DtlsDecodeError) return 'invalid';
    const keyId = p.keyId.toString(16).padStart(8, '0');
    if (p.form === 'full') return { ueId: p.identity, keyId, form: 'full' };
    const ueId = this.#byDigest.get(p.identityDigest);
    return ueId === undefined ? 'unresolved-compact' : { ueId, keyId, form: 'compact' };
  }

  /** Steps 4–7: the e2m_key for a psk_identity, fetched from the EMKS when not cached; undefined when unknown. */
  async getKey(identity: Uint8Array, transport: 'dtls' | 'tls'): Promise<SecretKey | undefined> {
    const r = this.resolve(identity);
    if (typeof r === 'string') {
      emseEvents.pskLookup({
        transport,
        ueId: undefined,
        keyId: undefined,
        form: r === 'invalid' ? 'invalid' : 'compact',
        outcome: r,
      });
      return undefined;
    }
    try {
      const key = await this.#keys.getKey(r.ueId, r.keyId);
      emseEvents.pskLookup({
        transport,
        ueId: r.ueId,
        keyId: r.keyId,
        form: r.form,
        outcome: key === undefined ? 'unknown' : 'found',
      });
      if (key !== undefined && r.form === 'full') this.learn(r.ueId);
      return key;
    } catch (err) {
      emseEvents.pskLookup({ transport, ueId: r.ueId, keyId: r.keyId, form: r.form, outcome: 'error' });
      throw err;
    }
  }

  /** The key from the cache only, for synchronous callers (Node's TLS pskCallback). */
  cachedKey(identity: Uint8Array): SecretKey | undefined {
    const r = this.resolve(identity);
    return typeof r === 'string' ? undefined : this.#keys.cachedKey(r.ueId, r.keyId);
  }
}

import type { FastifyInstance } from 'fastify';
import { fromHex } from '../../crypto/bytes.js';
import { SecretKey } from '../../crypto/secret-key.js';
import { SbiClient, SbiResponseError } from '../../sbi/client.js';
import type { TlsMaterial } from '../../sbi/tls-profile.js';

const BASE = '/nemks-e2m/v1';

export interface EmksKeyClientOptions {
  readonly emksUrl: string;
  readonly tls: TlsMaterial;
  /** This EMSE's EMSE_Id: the instance name in its certificate. */
  readonly emseId: string;
  /** Most keys kept in the cache (least recently used out first). */
  readonly cacheSize?: number;
  readonly timeoutMs?: number;
}

interface KeyRelease {
  ueId: string;
  keyId: string;
  emseId: string;
  e2mKey: string;
}

/**
 * The EMSE's client of the EMKS (seed 001 6.x.2.2): registers, fetches e2m_key by UE identity and key
 * id, caches keys (also those pushed by notifications), and re-registers when its session is gone. A
 * device that presents an older key id simply gets that key, as long as the EMKS still keeps it.
 *
 * @example
 * const kc = new EmksKeyClient({ emksUrl, tls, emseId: 'emse-1' });
 * const psk = await kc.getKey('device-42@iot.example', 'a1b2c3d4');
 */
export class EmksKeyClient {
  readonly #o: EmksKeyClientOptions;
  readonly #http: SbiClient;
  readonly #cache = new Map<string, SecretKey>();
  #sessionId: string | undefined;
  #registering: Promise<string> | undefined;

  constructor(opts: EmksKeyClientOptions) {
    this.#o = opts;
    this.#http = new SbiClient({
      baseUrl: opts.emksUrl,
      tls: opts.tls,
      timeoutMs: opts.timeoutMs ?? 5000,
      expectPeerType: 'emks',
    });
  }

  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  async register(): Promise<string> {
    this.#registering ??= this.#http
      .json<{ sessionId: string }>('POST', `${BASE}/emse-sessions`, { emseId: this.#o.emseId })
      .then((r) => {
        this.#sessionId = r.body.sessionId;
        return r.body.sessionId;
      })
      .finally(() => {
        this.#registering = undefined;
      });
    return this.#registering;
  }

  static #cacheKey(ueId: string, keyId: string): string {
    return `${ueId}\u0000${keyId.toLowerCase()}`;
  }

  #remember(ueId: string, keyId: string, key: SecretKey): void {
    const k = EmksKeyClient.#cacheKey(ueId, keyId);
    this.#cache.delete(k);
    this.#cache.set(k, key);
    const max = this.#o.cacheSize ?? 10_000;
    while (this.#cache.size > max) this.#cache.delete(this.#cache.keys().next().value as string);
  }

  /** The cached key, without I/O (for synchronous callers such as a TLS pskCallback). */
  cachedKey(ueId: string, keyId: string): SecretKey | undefined {
    return this.#cache.get(EmksKeyClient.#cacheKey(ueId, keyId));
  }

  /** e2m_key for (UE identity, key id): from the cache, else from the EMKS; undefined when unknown. */
  async getKey(ueId: string, keyId: string): Promise<SecretKey | undefined> {
    const cached = this.cachedKey(ueId, keyId);
    if (cached !== undefined) return cached;
    const fetchOnce = async (): Promise<KeyRelease> => {
      const sid = this.#sessionId ?? (await this.register());
      const q = new URLSearchParams({ ueId, keyId }).toString();
      return (await this.#http.json<KeyRelease>('GET', `${BASE}/emse-sessions/${sid}/e2m-keys?${q}`)).body;
    };
    let release: KeyRelease;
    try {
      release = await fetchOnce();
    } catch (err) {
      if (
        err instanceof SbiResponseError &&
        err.status === 404 &&
        err.problem?.cause === 'SESSION_NOT_FOUND'
      ) {
        this.#sessionId = undefined;
        release = await fetchOnce();
      } else if (err instanceof SbiResponseError && err.status === 404) {
        return undefined;
      } else {
        throw err;
      }
    }
    const key = SecretKey.from(fromHex(release.e2mKey, 'e2mKey', 32));
    this.#remember(ueId, keyId, key);
    return key;
  }

  async subscribe(notifyUri: string, ueIds: string[]): Promise<string> {
    const sid = this.#sessionId ?? (await this.register());
    return (
      await this.#http.json<{ subscriptionId: string }>(
        'POST',
        `${BASE}/emse-sessions/${sid}/subscriptions`,
        { notifyUri, ueIds },
      )
    ).body.subscriptionId;
  }

  /** Takes a notification body from the EMKS into the cache. */
  acceptNotification(body: unknown): void {
    const b = body as Partial<KeyRelease>;
    if (typeof b.ueId !== 'string' || typeof b.keyId !== 'string' || typeof b.e2mKey !== 'string') return;
    if (b.emseId !== undefined && b.emseId !== this.#o.emseId) return;
    this.#remember(b.ueId, b.keyId, SecretKey.from(fromHex(b.e2mKey, 'e2mKey', 32)));
  }

  /** Adds the notification endpoint to the EMSE's own SBI server; only the EMKS may call it. */
  registerNotificationRoute(
    app: FastifyInstance,
    path: string,
    allowedTypes: readonly string[] = ['emks'],
  ): void {
    app.post(path, async (request, reply) => {
      if (!allowedTypes.includes(request.peer.type))
        return reply
          .code(403)
          .type('application/problem+json')
          .send({ title: 'Forbidden', status: 403, cause: 'UNAUTHORIZED' });
      this.acceptNotification(request.body);
      return reply.code(204).send();
    });
  }

  async deregister(): Promise<void> {
    const sid = this.#sessionId;
    this.#sessionId = undefined;
    if (sid !== undefined) await this.#http.request('DELETE', `${BASE}/emse-sessions/${sid}`);
  }

  close(): void {
    this.#http.close();
  }
}

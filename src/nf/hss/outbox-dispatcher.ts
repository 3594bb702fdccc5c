import type { E2mOutbox, E2mOutboxItem } from '../../store/subscriber-store.js';
import { hssEvents } from './events.js';

export interface DispatcherOptions {
  readonly outbox: E2mOutbox;
  readonly deliver: (item: E2mOutboxItem) => Promise<void>;
  readonly retryMinMs: number;
  readonly retryMaxMs: number;
  readonly batch: number;
  /** How often to look for due entries when nothing kicks the dispatcher. */
  readonly pollMs: number;
  readonly now?: () => Date;
}

/** Exponential back-off with full jitter, bounded by retryMaxMs. */
export function backoffMs(attempts: number, min: number, max: number, random = Math.random): number {
  const cap = Math.min(max, min * 2 ** Math.min(attempts, 20));
  return Math.max(min, Math.floor(random() * cap));
}

/**
 * Delivers the e2m_int_key outbox to the EMKS at least once: every due entry is pushed, acknowledged
 * entries are marked, failed ones retried with back-off. The EMKS side is idempotent on (IMSI, key id).
 */
export class OutboxDispatcher {
  readonly #o: DispatcherOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(opts: DispatcherOptions) {
    this.#o = opts;
  }

  start(): void {
    this.#schedule(0);
  }

  /** Look for due entries now (e.g. right after a vector wrote one). */
  kick(): void {
    if (this.#closed) return;
    if (this.#running !== undefined) {
      this.#again = true;
      return;
    }
    this.#schedule(0);
  }

  #schedule(ms: number): void {
    if (this.#closed) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.runOnce().finally(() => {
        this.#running = undefined;
        const again = this.#again;
        this.#again = false;
        this.#schedule(again ? 0 : this.#o.pollMs);
      });
    }, ms);
    this.#timer.unref();
  }

  /** One pass over the due entries; returns how many were acknowledged. */
  async runOnce(): Promise<void> {
    const now = this.#o.now ?? (() => new Date());
    const items = await this.#o.outbox.due(now(), this.#o.batch);
    for (const item of items) {
      if (this.#closed) return;
      try {
        await this.#o.deliver(item);
        await this.#o.outbox.ack(item.id, now());
        hssEvents.e2mPushed({
          imsi: item.imsi,
          keyId: item.keyId.toString('hex'),
          attempts: item.attempts + 1,
          outcome: 'acked',
        });
      } catch (err) {
        const wait = backoffMs(item.attempts, this.#o.retryMinMs, this.#o.retryMaxMs);
        await this.#o.outbox.defer(
          item.id,
          new Date(now().getTime() + wait),
          (err as Error).message ?? String(err),
        );
        hssEvents.e2mPushed({
          imsi: item.imsi,
          keyId: item.keyId.toString('hex'),
          attempts: item.attempts + 1,
          outcome: 'retry',
        });
      }
    }
    if (items.length === this.#o.batch) this.#again = true;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.#running;
  }
}

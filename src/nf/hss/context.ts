import { randomBytes } from 'node:crypto';
import type { SubscriberStore } from '../../store/subscriber-store.js';
import type { HssConfig } from './config.js';
import { MilenageCache } from './milenage-cache.js';

/** What the HSS procedures run with; tests override `random`. */
export interface HssContext {
  readonly config: HssConfig;
  readonly store: SubscriberStore;
  readonly random: (n: number) => Buffer;
  readonly milenage: MilenageCache;
  /** Called after a request queued e2m_int_keys (the server kicks its outbox dispatcher). */
  onE2mQueued?: (() => void) | undefined;
}

export interface HssDeps {
  readonly config: HssConfig;
  readonly store: SubscriberStore;
  readonly random?: (n: number) => Buffer;
}

export function createHssContext(deps: HssDeps): HssContext {
  return {
    config: deps.config,
    store: deps.store,
    random: deps.random ?? randomBytes,
    milenage: new MilenageCache(deps.config.milenageCacheSize),
  };
}

import type { AppKeyKdfConfig } from '../../crypto/derivations.js';
import type { EmksStore } from './store/emks-store.js';

export interface EmksContext {
  readonly store: EmksStore;
  /** How many e2m_int_keys per UE are kept (seed 001: a fixed small number of past keys). */
  readonly retention: number;
  readonly kdf: AppKeyKdfConfig | undefined;
  readonly now: () => Date;
  /** Sends a key notification to a subscribed EMSE; set by the server. */
  notify?: ((notifyUri: string, body: unknown) => Promise<void>) | undefined;
}

import { Milenage } from '../../crypto/milenage.js';
import type { SecretKey } from '../../crypto/secret-key.js';
import {
  initialUsimSqnState,
  usimAuthenticate,
  type UsimAuthResult,
  type UsimSqnState,
} from '../../aka/usim-checks.js';
import { DEFAULT_SQN_CONFIG, validateSqnConfig, type SqnConfig } from '../../aka/sqn.js';
import { usimEvents } from './events.js';

export interface UsimOptions {
  readonly imsi: string;
  readonly k: SecretKey;
  readonly opc: SecretKey;
  readonly sqn?: SqnConfig;
  /** Restores SEQ_MS per IND slot, e.g. from `exportState()`. */
  readonly state?: UsimSqnState;
}

/**
 * USIM simulator: Milenage with its own K/OPc and the SQN array of TS 33.102 C.3.2. It answers an
 * AUTHENTICATE with RES/CK/IK, a MAC failure, or a synchronisation failure with AUTS.
 *
 * @example
 * const usim = new UsimSimulator({ imsi, k, opc });
 * const r = usim.authenticate(rand, autn); // r.kind: 'success' | 'mac-failure' | 'sync-failure'
 */
export class UsimSimulator {
  readonly imsi: string;
  readonly #milenage: Milenage;
  readonly #cfg: SqnConfig;
  #state: UsimSqnState;

  constructor(opts: UsimOptions) {
    this.imsi = opts.imsi;
    this.#cfg = validateSqnConfig(opts.sqn ?? DEFAULT_SQN_CONFIG);
    this.#milenage = new Milenage(opts.k.export(), opts.opc.export());
    const state = opts.state ?? initialUsimSqnState(this.#cfg);
    if (state.seqMs.length !== 2 ** this.#cfg.indBits)
      throw new RangeError('USIM state does not match indBits');
    this.#state = { seqMs: [...state.seqMs] };
  }

  /** TS 33.102 §6.3.3; on success the SQN array is updated before the result is returned. */
  authenticate(rand: Uint8Array, autn: Uint8Array): UsimAuthResult {
    const r = usimAuthenticate(this.#milenage, this.#state, rand, autn, this.#cfg);
    if (r.kind === 'success') this.#state = r.state;
    usimEvents.challenge({
      imsi: this.imsi,
      outcome: r.kind,
      sqn: r.kind === 'success' ? r.sqn : undefined,
      sqnMs: r.kind === 'sync-failure' ? r.sqnMs : undefined,
    });
    return r;
  }

  exportState(): UsimSqnState {
    return { seqMs: [...this.#state.seqMs] };
  }
}

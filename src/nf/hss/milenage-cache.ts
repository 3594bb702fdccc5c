import { Milenage } from '../../crypto/milenage.js';
import type { Subscriber } from '../../store/subscriber-store.js';

/**
 * Keeps one Milenage (one AES cipher) per subscriber key, bounded, least recently used out first. The
 * cache key includes the key fingerprints, so a re-provisioned K or OPc never meets a stale cipher.
 */
export class MilenageCache {
  readonly #max: number;
  readonly #map = new Map<string, Milenage>();

  constructor(max: number) {
    this.#max = max;
  }

  for(s: Subscriber): Milenage {
    const id = `${s.imsi}/${s.k.fingerprint}/${s.opc.fingerprint}`;
    let m = this.#map.get(id);
    if (m !== undefined) {
      this.#map.delete(id);
    } else {
      m = new Milenage(s.k.export(), s.opc.export());
      if (this.#map.size >= this.#max) {
        const oldest = this.#map.keys().next();
        if (oldest.done !== true) this.#map.delete(oldest.value);
      }
    }
    if (this.#max > 0) this.#map.set(id, m);
    return m;
  }
}

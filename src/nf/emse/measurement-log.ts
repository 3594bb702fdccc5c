/** One measurement a device posted. */
export interface Measurement {
  readonly ueId: string;
  readonly at: Date;
  readonly contentFormat: number | undefined;
  readonly payload: Buffer;
}

/** The EMSE's measurement store: in memory, the newest `max` kept (the demo resource of issue 4). */
export class MeasurementLog {
  readonly #items: Measurement[] = [];
  #total = 0;
  constructor(readonly max = 1000) {}

  add(m: Measurement): number {
    this.#items.push(m);
    if (this.#items.length > this.max) this.#items.shift();
    return ++this.#total;
  }

  /** Measurements accepted since start (including those no longer kept). */
  get total(): number {
    return this.#total;
  }

  recent(ueId?: string): readonly Measurement[] {
    return ueId === undefined ? [...this.#items] : this.#items.filter((m) => m.ueId === ueId);
  }
}

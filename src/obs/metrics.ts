import diagnosticsChannel from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Prometheus metrics of one function process: SBI requests (by route and status, never by identity or
 * key), and counters fed by the diagnostics_channel events of the procedures. Exposed on a separate
 * plain-HTTP listener (`metrics.port`) bound to 127.0.0.1 by default, for a local scraper or agent.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'function' | 'method' | 'route' | 'status'>;
  readonly #duration: Histogram<'function' | 'route'>;
  readonly #events: Counter<'event' | 'outcome'>;
  readonly #unsubscribe: (() => void)[] = [];

  constructor(readonly fn: string) {
    this.registry.setDefaultLabels({ function: fn });
    collectDefaultMetrics({ register: this.registry, prefix: 'ciotsec_process_' });
    this.#requests = new Counter({
      name: 'ciotsec_sbi_requests_total',
      help: 'SBI requests answered, by route template and HTTP status',
      labelNames: ['function', 'method', 'route', 'status'],
      registers: [this.registry],
    });
    this.#duration = new Histogram({
      name: 'ciotsec_sbi_request_duration_seconds',
      help: 'SBI request handling time',
      labelNames: ['function', 'route'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [this.registry],
    });
    this.#events = new Counter({
      name: 'ciotsec_events_total',
      help: 'Procedure events (diagnostics_channel), by event and outcome',
      labelNames: ['event', 'outcome'],
      registers: [this.registry],
    });
  }

  /** Counts SBI requests of a fastify app by route template (never the raw URL, which carries identities). */
  instrument(app: FastifyInstance): void {
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      this.#requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      this.#duration.observe({ route }, reply.elapsedTime / 1000);
    });
  }

  /** Counts events on the given channels; the label is the event's `outcome` field when it has one. */
  countEvents(channels: readonly string[]): void {
    for (const name of channels) {
      const fn = (msg: unknown): void => {
        const outcome = (msg as { outcome?: unknown } | null)?.outcome;
        this.#events.inc({ event: name, outcome: typeof outcome === 'string' ? outcome : 'n/a' });
      };
      diagnosticsChannel.subscribe(name, fn);
      this.#unsubscribe.push(() => diagnosticsChannel.unsubscribe(name, fn));
    }
  }

  /** Serves GET /metrics on host:port; resolves with the bound port. */
  async listen(host: string, port: number): Promise<{ port: number; server: Server }> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry
        .metrics()
        .then((body) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(body))
        .catch(() => res.writeHead(500).end());
    });
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    return { port: (server.address() as { port: number }).port, server };
  }

  close(): void {
    for (const u of this.#unsubscribe) u();
    this.#unsubscribe.length = 0;
  }
}

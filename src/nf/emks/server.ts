import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { resolveMasterKey } from '../../config/master-key.js';
import { closeSbiServer, createSbiServer } from '../../sbi/server.js';
import { SbiClient } from '../../sbi/client.js';
import { loadTls, nfFiles } from '../../pki/pki-dir.js';
import type { TlsMaterial } from '../../sbi/tls-profile.js';
import type { EmksContext } from './context.js';
import { registerEmksRoutes } from './api/routes.js';
import { SqliteEmksStore } from './store/sqlite-emks-store.js';
import { PgEmksStore } from './store/pg-emks-store.js';
import type { EmksStore } from './store/emks-store.js';
import type { EmksServerConfig } from './server-config.js';
import { Metrics } from '../../obs/metrics.js';
import { emksChannels } from './events.js';

export interface EmksServer {
  readonly app: FastifyInstance;
  readonly store: EmksStore;
  readonly url: string;
  /** http://host:port/metrics when metrics are on. */
  readonly metricsUrl: string | undefined;
  close(): Promise<void>;
}

/** Notifications go out as HTTP/2 mutual-TLS requests, one client per EMSE origin. */
function notifier(tls: TlsMaterial): {
  notify: (uri: string, body: unknown) => Promise<void>;
  close: () => void;
} {
  const clients = new Map<string, SbiClient>();
  return {
    async notify(uri, body) {
      const u = new URL(uri);
      let c = clients.get(u.origin);
      if (c === undefined) {
        c = new SbiClient({ baseUrl: u.origin, tls, timeoutMs: 5000, expectPeerType: 'emse' });
        clients.set(u.origin, c);
      }
      await c.json('POST', `${u.pathname}${u.search}`, body);
    },
    close() {
      for (const c of clients.values()) c.close();
    },
  };
}

/** `ciotsec serve emks`: the E2M Key Server (seed 001). */
export async function startEmksServer(
  cfg: EmksServerConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<EmksServer> {
  const tls = loadTls(nfFiles(cfg.pki.dir, { type: 'emks', instance: cfg.pki.instance }));
  const masterKey = resolveMasterKey(env, join(cfg.dataDir, 'master.key')).key;
  const store: EmksStore =
    cfg.store.postgres !== null
      ? await PgEmksStore.open(cfg.store.postgres, masterKey, cfg.store.schema)
      : SqliteEmksStore.open(cfg.store.sqlite, masterKey);
  const n = notifier(tls);
  const ctx: EmksContext = {
    store,
    retention: cfg.retention,
    kdf: undefined,
    now: () => new Date(),
    notify: n.notify,
  };
  const app = createSbiServer({ tls });
  const metrics = new Metrics('emks');
  metrics.instrument(app);
  metrics.countEvents(
    [emksChannels.anchorKey.name, emksChannels.notifyFailed.name, emksChannels.keyRelease.name].map(String),
  );
  registerEmksRoutes(app, ctx, cfg.authorization);
  await app.listen({ host: cfg.listen.host, port: cfg.listen.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : cfg.listen.port;
  const m = cfg.metrics.port !== null ? await metrics.listen(cfg.metrics.host, cfg.metrics.port) : undefined;
  return {
    metricsUrl: m !== undefined ? `http://${cfg.metrics.host}:${m.port}/metrics` : undefined,
    app,
    store,
    url: `https://${cfg.listen.host}:${port}`,
    async close() {
      n.close();
      metrics.close();
      if (m !== undefined) await new Promise<void>((r) => m.server.close(() => r()));
      await closeSbiServer(app);
      await store.close();
    },
  };
}

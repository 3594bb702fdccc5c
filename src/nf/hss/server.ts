import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SqliteSubscriberStore } from '../../store/sqlite/subscriber-store.js';
import { PgSubscriberStore } from '../../store/postgres/subscriber-store.js';
import type { SubscriberStore } from '../../store/subscriber-store.js';
import { resolveMasterKey } from '../../config/master-key.js';
import { closeSbiServer, createSbiServer } from '../../sbi/server.js';
import { SbiClient } from '../../sbi/client.js';
import { loadTls, nfFiles } from '../../pki/pki-dir.js';
import { hssConfig } from './config.js';
import { createHssContext } from './context.js';
import { registerAuthenticationInfo } from './api/authentication-info.js';
import { registerSubscribers } from './api/subscribers.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';
import { pushAnchorKey } from './clients/emks.js';
import type { HssServerConfig } from './server-config.js';
import { Metrics } from '../../obs/metrics.js';
import { hssChannels } from './events.js';

export interface HssServer {
  readonly app: FastifyInstance;
  readonly store: SubscriberStore;
  readonly url: string;
  readonly dispatcher: OutboxDispatcher | undefined;
  /** http://host:port/metrics when metrics are on. */
  readonly metricsUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * `ciotsec serve hss`: the authentication-information and provisioning APIs over HTTP/2 mutual TLS,
 * and the outbox dispatcher that pushes e2m_int_keys to the EMKS.
 */
export async function startHssServer(
  cfg: HssServerConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<HssServer> {
  const tls = loadTls(nfFiles(cfg.pki.dir, { type: 'hss', instance: cfg.pki.instance }));
  const masterKey = resolveMasterKey(env, join(cfg.dataDir, 'master.key')).key;
  const store: SubscriberStore =
    cfg.store.postgres !== null
      ? await PgSubscriberStore.open(cfg.store.postgres, masterKey, cfg.store.schema)
      : SqliteSubscriberStore.open(cfg.store.sqlite, masterKey);
  const ctx = createHssContext({
    config: hssConfig({
      sqn: { indBits: cfg.sqn.indBits, delta: cfg.sqn.delta, ageLimit: cfg.sqn.ageLimit ?? undefined },
      maxVectorsPerRequest: cfg.maxVectorsPerRequest,
    }),
    store,
  });
  let dispatcher: OutboxDispatcher | undefined;
  let emks: SbiClient | undefined;
  if (cfg.emks.url !== null) {
    emks = new SbiClient({ baseUrl: cfg.emks.url, tls, timeoutMs: 5000, expectPeerType: 'emks' });
    const client = emks;
    dispatcher = new OutboxDispatcher({
      outbox: store.outbox,
      deliver: (item) => pushAnchorKey(client, item),
      ...cfg.outbox,
    });
    ctx.onE2mQueued = () => dispatcher?.kick();
  }
  const app = createSbiServer({ tls });
  const metrics = new Metrics('hss');
  metrics.instrument(app);
  metrics.countEvents(
    [hssChannels.vectorsGenerated.name, hssChannels.resync.name, hssChannels.e2mPushed.name].map(String),
  );
  registerAuthenticationInfo(app, ctx, cfg.authorization.authInfo);
  registerSubscribers(app, ctx, cfg.authorization.provisioning);
  await app.listen({ host: cfg.listen.host, port: cfg.listen.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : cfg.listen.port;
  dispatcher?.start();
  const m = cfg.metrics.port !== null ? await metrics.listen(cfg.metrics.host, cfg.metrics.port) : undefined;
  return {
    metricsUrl: m !== undefined ? `http://${cfg.metrics.host}:${m.port}/metrics` : undefined,
    app,
    store,
    dispatcher,
    url: `https://${cfg.listen.host}:${port}`,
    async close() {
      await dispatcher?.close();
      emks?.close();
      metrics.close();
      if (m !== undefined) await new Promise<void>((r) => m.server.close(() => r()));
      await closeSbiServer(app);
      await store.close();
    },
  };
}

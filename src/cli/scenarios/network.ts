import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { initPki, loadTls, nfFiles } from '../../pki/pki-dir.js';
import {
  startHssServer,
  hssServerConfigSchema,
  type HssServer,
  type HssServerConfig,
} from '../../nf/hss/index.js';
import {
  startEmksServer,
  emksServerConfigSchema,
  type EmksServer,
  type EmksServerConfig,
} from '../../nf/emks/index.js';
import { startSnServer, type AttachOutcome, type SnServer } from '../../nf/sn/index.js';
import {
  startEmseServer,
  emseServerConfigSchema,
  type EmseServer,
  type EmseServerConfig,
} from '../../nf/emse/index.js';
import { SbiClient } from '../../sbi/client.js';
import type { TlsMaterial } from '../../sbi/tls-profile.js';

/**
 * An in-process operator network on 127.0.0.1 with ephemeral ports, as the demo and the scenario tests
 * run it: PKI, EMKS, HSS (pushing to the EMKS) and a serving network. Each function gets its own
 * configuration, built through the same validated loader as `ciotsec serve`.
 */
export interface DevNetwork {
  readonly dir: string;
  readonly hss: HssServer;
  readonly emks: EmksServer;
  readonly sn: SnServer;
  /** The first EMSE of `emseIds`, when started with `emse: true` (DTLS and TLS on ephemeral ports). */
  readonly emse: EmseServer | undefined;
  readonly tls: (type: string, instance?: string) => TlsMaterial;
  readonly oam: { hss: SbiClient; emks: SbiClient };
  readonly pkiDir: string;
  /** Late-bound hooks of the serving network (seed 004 learns of accepted AKA attaches here). */
  readonly snHooks: { onAttach?: (o: AttachOutcome) => void };
  close(): Promise<void>;
}

export async function startDevNetwork(
  opts: {
    dir?: string;
    emseIds?: string[];
    vectorType?: 'umts' | 'eps';
    metrics?: boolean;
    /** Start the first EMSE; `knownIdentities` lets it resolve compact psk_identities (D-022). */
    emse?: { knownIdentities?: string[] };
  } = {},
): Promise<DevNetwork> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'ciotsec-net-'));
  const pkiDir = join(dir, 'pki');
  const emseIds = opts.emseIds ?? ['emse-1'];
  await initPki(pkiDir, [
    { type: 'hss', instance: 'hss' },
    { type: 'emks', instance: 'emks' },
    { type: 'sn', instance: 'sn' },
    { type: 'oam', instance: 'oam' },
    { type: 'uuid-authz', instance: 'uuid-authz' },
    { type: 'sp', instance: 'sp' },
    ...emseIds.map((instance) => ({ type: 'emse', instance })),
  ]);
  const env = { CIOTSEC_MASTER_KEY: randomBytes(32).toString('hex') };
  const emksCfg = loadConfig<EmksServerConfig>(emksServerConfigSchema, {
    overrides: {
      'listen.port': 0,
      dataDir: dir,
      'pki.dir': pkiDir,
      'store.sqlite': join(dir, 'emks.db'),
      'metrics.port': opts.metrics === true ? 0 : null,
    },
  });
  const emks = await startEmksServer(emksCfg, env);
  const hssCfg = loadConfig<HssServerConfig>(hssServerConfigSchema, {
    overrides: {
      'listen.port': 0,
      dataDir: dir,
      'pki.dir': pkiDir,
      'store.sqlite': join(dir, 'hss.db'),
      'emks.url': emks.url,
      'outbox.pollMs': 200,
      'outbox.retryMinMs': 50,
      'outbox.retryMaxMs': 1000,
      'metrics.port': opts.metrics === true ? 0 : null,
      // seed 004: the serving network provisions the subscribers it allocates
      'authorization.provisioning': ['oam', 'sn'],
    },
  });
  const hss = await startHssServer(hssCfg, env);
  const snHooks: DevNetwork['snHooks'] = {};
  const tls = (type: string, instance = type): TlsMaterial => loadTls(nfFiles(pkiDir, { type, instance }));
  const sn = await startSnServer({
    hssUrl: hss.url,
    tls: tls('sn'),
    vectorType: opts.vectorType ?? 'umts',
    plmn: '00f110',
    onAttach: (o) => snHooks.onAttach?.(o),
  });
  const oam = {
    hss: new SbiClient({ baseUrl: hss.url, tls: tls('oam'), expectPeerType: 'hss' }),
    emks: new SbiClient({ baseUrl: emks.url, tls: tls('oam'), expectPeerType: 'emks' }),
  };
  const emse =
    opts.emse !== undefined
      ? await startEmseServer(
          loadConfig<EmseServerConfig>(emseServerConfigSchema, {
            overrides: {
              'listen.dtlsPort': 0,
              'listen.tlsPort': 0,
              'pki.dir': pkiDir,
              'pki.instance': emseIds[0],
              'emks.url': emks.url,
              knownIdentities: opts.emse.knownIdentities ?? [],
            },
          }),
        )
      : undefined;
  return {
    dir,
    hss,
    emks,
    sn,
    emse,
    tls,
    oam,
    pkiDir,
    snHooks,
    async close() {
      await emse?.close();
      oam.hss.close();
      oam.emks.close();
      await sn.close();
      await hss.close();
      await emks.close();
    },
  };
}

/** Waits (bounded) until the HSS outbox has no unacknowledged entries. */
export async function outboxDrained(hss: HssServer, timeoutMs = 10_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await hss.store.outbox.pending()) === 0) return true;
    hss.dispatcher?.kick();
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

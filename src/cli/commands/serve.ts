import { loadConfig } from '../../config/load.js';
import { startHssServer, hssServerConfigSchema, HSS_ENV, type HssServerConfig } from '../../nf/hss/index.js';
import {
  startEmksServer,
  emksServerConfigSchema,
  EMKS_ENV,
  type EmksServerConfig,
} from '../../nf/emks/index.js';
import {
  startEmseServer,
  emseServerConfigSchema,
  EMSE_ENV,
  emseChannels,
  type EmseServerConfig,
} from '../../nf/emse/index.js';
import { dtlsChannels } from '../../dtls/index.js';
import {
  startSnServer,
  snChannels,
  startInitialAttachServer,
  initialAttachChannels,
  uuidAuthzClient,
  hssProvisioner,
  type InitialAttachServer,
} from '../../nf/sn/index.js';
import { startUuidAuthzServer, uuidAuthzChannels } from '../../nf/uuid-authz/index.js';
import { devicePkiExists, loadDevicePki } from '../../pki/device-pki.js';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTls, nfFiles } from '../../pki/pki-dir.js';
import { hssChannels } from '../../nf/hss/index.js';
import { emksChannels } from '../../nf/emks/index.js';
import {
  ECS_ENV,
  ecsChannels,
  ecsServerConfigSchema,
  startEcsServer,
  type EcsServerConfig,
} from '../../nf/ecs/index.js';
import {
  AUTHZ_ENV,
  authzServerConfigSchema,
  startAuthzServer,
  type AuthzServerConfig,
} from '../../nf/ecsp-authz/index.js';
import { intOption, parse } from '../args.js';
import type { CliIo } from '../io.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';
import diagnosticsChannel from 'node:diagnostics_channel';

const FUNCTIONS = ['hss', 'emks', 'emse', 'sn', 'authz', 'ecs', 'ecsp-authz'] as const;

/** Resolves on SIGINT/SIGTERM (or the optional test hook). */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Logs events as JSON lines on stdout (never key material: events carry none). */
function logEvents(io: CliIo, names: string[]): () => void {
  const subs = names.map((name) => {
    const fn = (msg: unknown): void =>
      io.out(JSON.stringify({ t: new Date().toISOString(), event: name, ...(msg as object) }));
    diagnosticsChannel.subscribe(name, fn);
    return () => diagnosticsChannel.unsubscribe(name, fn);
  });
  return () => subs.forEach((u) => u());
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run a function: hss, emks, emse, sn, authz (seed 004), ecs or ecsp-authz (ECSP)',
  help: `Usage: ciotsec serve <hss|emks|emse|sn|authz|ecs|ecsp-authz> [--config FILE] [--host H] [--port N] [--tls-port N] [--json]

Runs the function until SIGINT or SIGTERM. Configuration: schema defaults, then the JSON file given
with --config, then environment variables, then these flags; unknown keys fail and name the key.
See docs/configuration.md for every key and variable. Events are logged as JSON lines.

  hss   authentication-information and provisioning APIs; pushes e2m_int_keys to the EMKS
        (env: CIOTSEC_HSS_HOST, CIOTSEC_HSS_PORT=7101, CIOTSEC_HSS_DB, CIOTSEC_HSS_EMKS_URL, CIOTSEC_PKI_DIR,
        CIOTSEC_DATA_DIR, CIOTSEC_MASTER_KEY)
        CIOTSEC_HSS_PROVISIONING=oam,sn lets the serving network provision seed 004 subscribers
  emks  the E2M Key Server (env: CIOTSEC_EMKS_HOST, CIOTSEC_EMKS_PORT=7102, CIOTSEC_EMKS_DB,
        CIOTSEC_EMKS_RETENTION, CIOTSEC_PKI_DIR, CIOTSEC_DATA_DIR, CIOTSEC_MASTER_KEY)
  emse  the EMSE's device side: DTLS-PSK + CoAP on udp/5684 (--port), TLS-PSK + CoAP over TLS on
        tcp/5685 (--tls-port); e2m_key fetched from the EMKS with certificate emse-<instance>
        (env: CIOTSEC_EMSE_HOST, CIOTSEC_EMSE_DTLS_PORT, CIOTSEC_EMSE_TLS_PORT, CIOTSEC_EMSE_INSTANCE=emse-1,
        CIOTSEC_EMSE_EMKS_URL=https://127.0.0.1:7102, CIOTSEC_PKI_DIR)
  sn    serving-network simulator for UEs over TCP (port 7103; env: CIOTSEC_SN_HSS_URL, CIOTSEC_PKI_DIR);
        with <pki>/device present also seed 004's initial attach over UDP (CIOTSEC_SN_INITIAL_ATTACH_PORT=7105,
        CIOTSEC_SN_AUTHZ_URL=https://127.0.0.1:7104, CIOTSEC_SN_AUTHZ_FQDN=authz.ciotsec.test,
        CIOTSEC_SN_IMSI_PREFIX=00101)
  authz seed 004 Authorization Server (port 7104; env: CIOTSEC_AUTHZ_PORT, CIOTSEC_AUTHZ_MAX_BYTES=65536,
        CIOTSEC_AUTHZ_MAX_SECONDS=600, CIOTSEC_PKI_DIR)
  ecs   Edge Configuration Server, EDGE-6 Eecs_EESRegistration with EES onboarding (seed 002); creates
        the ECSP CA and the token key in CIOTSEC_ECSP_DIR on first start (env: CIOTSEC_ECS_HOST,
        CIOTSEC_ECS_PORT=7201, CIOTSEC_ECS_DB, CIOTSEC_ECS_TOKEN_ISSUER, CIOTSEC_ECS_TOKEN_AUDIENCE,
        CIOTSEC_ECS_TOKEN_KEY, CIOTSEC_ECSP_DIR, CIOTSEC_DATA_DIR, CIOTSEC_MASTER_KEY)
  ecsp-authz the ECSP's OAuth 2.0 authorization server, client-credentials grant, RFC 9068 tokens; clients
        from --config (env: CIOTSEC_ECSP_AUTHZ_HOST, CIOTSEC_ECSP_AUTHZ_PORT=7202, CIOTSEC_ECSP_AUTHZ_ISSUER,
        CIOTSEC_ECSP_AUTHZ_SIGNING_KEY, CIOTSEC_ECSP_DIR)

Options:
  --config FILE  JSON configuration file
  --host H       listen address (default 127.0.0.1)
  --port N       listen port (0 = any free port; for emse the DTLS port)
  --tls-port N   emse only: the TLS-PSK port
  --json         print the start line as JSON
  -h, --help     this help`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parse(
      args,
      {
        config: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'tls-port': { type: 'string' },
      },
      1,
    );
    const fn = positionals[0];
    if (fn === undefined || !(FUNCTIONS as readonly string[]).includes(fn))
      throw new UsageError(`name the function: ${FUNCTIONS.join(', ')}`);
    const port = intOption(values, 'port', 0, 65535);
    const overrides = { 'listen.host': values.host as string | undefined, 'listen.port': port };
    const file = values.config as string | undefined;
    let url: string;
    let close: () => Promise<void>;
    let events: string[];
    if (fn === 'hss') {
      const cfg = loadConfig<HssServerConfig>(hssServerConfigSchema, {
        file,
        env: process.env,
        bindings: HSS_ENV,
        overrides,
      });
      const s = await startHssServer(cfg);
      url = s.metricsUrl !== undefined ? `${s.url} (metrics ${s.metricsUrl})` : s.url;
      close = () => s.close();
      events = [hssChannels.vectorsGenerated.name, hssChannels.resync.name, hssChannels.e2mPushed.name].map(
        String,
      );
    } else if (fn === 'emks') {
      const cfg = loadConfig<EmksServerConfig>(emksServerConfigSchema, {
        file,
        env: process.env,
        bindings: EMKS_ENV,
        overrides,
      });
      const s = await startEmksServer(cfg);
      url = s.metricsUrl !== undefined ? `${s.url} (metrics ${s.metricsUrl})` : s.url;
      close = () => s.close();
      events = [emksChannels.anchorKey.name, emksChannels.notifyFailed.name].map(String);
    } else if (fn === 'emse') {
      const cfg = loadConfig<EmseServerConfig>(emseServerConfigSchema, {
        file,
        env: process.env,
        bindings: EMSE_ENV,
        overrides: {
          'listen.host': values.host as string | undefined,
          'listen.dtlsPort': port,
          'listen.tlsPort': intOption(values, 'tls-port', 0, 65535),
        },
      });
      const s = await startEmseServer(cfg);
      url = `coaps://${cfg.listen.host}:${s.dtlsPort}${s.tlsPort === undefined ? '' : ` coaps+tcp://${cfg.listen.host}:${s.tlsPort}`}`;
      close = () => s.close();
      events = [
        emseChannels.pskLookup.name,
        emseChannels.coap.name,
        emseChannels.tlsSession.name,
        dtlsChannels.handshake.name,
        dtlsChannels.alert.name,
      ].map(String);
    } else if (fn === 'ecs') {
      const cfg = loadConfig<EcsServerConfig>(ecsServerConfigSchema, {
        file,
        env: process.env,
        bindings: ECS_ENV,
        overrides,
      });
      const s = await startEcsServer(cfg);
      url = s.url;
      close = () => s.close();
      events = [
        ecsChannels.registered,
        ecsChannels.updated,
        ecsChannels.deregistered,
        ecsChannels.refused,
      ].map((c) => String(c.name));
    } else if (fn === 'ecsp-authz') {
      const cfg = loadConfig<AuthzServerConfig>(authzServerConfigSchema, {
        file,
        env: process.env,
        bindings: AUTHZ_ENV,
        overrides,
      });
      const s = await startAuthzServer(cfg);
      url = s.url;
      close = () => s.close();
      events = [];
    } else if (fn === 'authz') {
      const pkiDir = process.env['CIOTSEC_PKI_DIR'] ?? 'ciotsec-data/pki';
      const files = nfFiles(pkiDir, { type: 'uuid-authz', instance: 'uuid-authz' });
      const env = (k: string, d: number): number => {
        const v = process.env[k];
        return v !== undefined && /^[0-9]+$/.test(v) ? Number(v) : d;
      };
      const s = await startUuidAuthzServer({
        tls: loadTls(files),
        signingKey: createPrivateKey(readFileSync(files.key)),
        host: (values.host as string | undefined) ?? '127.0.0.1',
        port: port ?? env('CIOTSEC_AUTHZ_PORT', 7104),
        limits: {
          maxBytes: env('CIOTSEC_AUTHZ_MAX_BYTES', 65_536),
          maxSeconds: env('CIOTSEC_AUTHZ_MAX_SECONDS', 600),
        },
      });
      url = s.url;
      close = () => s.close();
      events = [uuidAuthzChannels.procedure.name].map(String);
    } else {
      const pkiDir = process.env['CIOTSEC_PKI_DIR'] ?? 'ciotsec-data/pki';
      let initial: InitialAttachServer | undefined;
      const s = await startSnServer({
        onAttach: (o) => {
          if (o.outcome === 'accepted' && o.imsi !== undefined)
            void initial?.attached(o.imsi).catch(() => undefined);
        },
        hssUrl: process.env['CIOTSEC_SN_HSS_URL'] ?? 'https://127.0.0.1:7101',
        tls: loadTls(nfFiles(pkiDir, { type: 'sn', instance: 'sn' })),
        vectorType: process.env['CIOTSEC_SN_VECTOR_TYPE'] === 'eps' ? 'eps' : 'umts',
        plmn: process.env['CIOTSEC_SN_PLMN'] ?? '00f110',
        host: (values.host as string | undefined) ?? '127.0.0.1',
        port: port ?? 7103,
      });
      url = `tcp://127.0.0.1:${s.port}`;
      const deviceDir = join(pkiDir, 'device');
      let closeInitial = async (): Promise<void> => undefined;
      if (devicePkiExists(deviceDir)) {
        const dp = loadDevicePki(deviceDir);
        const snTls = loadTls(nfFiles(pkiDir, { type: 'sn', instance: 'sn' }));
        const authz = uuidAuthzClient({
          baseUrl: process.env['CIOTSEC_SN_AUTHZ_URL'] ?? 'https://127.0.0.1:7104',
          tls: snTls,
          authzCertPem: readFileSync(
            nfFiles(pkiDir, { type: 'uuid-authz', instance: 'uuid-authz' }).cert,
            'utf8',
          ),
        });
        const hss = hssProvisioner({
          baseUrl: process.env['CIOTSEC_SN_HSS_URL'] ?? 'https://127.0.0.1:7101',
          tls: snTls,
        });
        const fqdn = process.env['CIOTSEC_SN_AUTHZ_FQDN'] ?? 'authz.ciotsec.test';
        initial = await startInitialAttachServer({
          credentials: { curve: dp.curve, certCis: [dp.ci.cert], ecka: dp.snEcka, ecdsa: dp.snEcdsa },
          authzFor: (f) => (f === fqdn ? authz : undefined),
          hss,
          imsiPrefix: process.env['CIOTSEC_SN_IMSI_PREFIX'] ?? '00101',
          rsmf: (_imsi, payload) => Buffer.from(`RSMF: ${payload.length} octets received`),
          host: (values.host as string | undefined) ?? '127.0.0.1',
          port: Number(process.env['CIOTSEC_SN_INITIAL_ATTACH_PORT'] ?? 7105),
        });
        url += `, initial attach udp://127.0.0.1:${initial.port}`;
        const ia = initial;
        closeInitial = async () => {
          await ia.close();
          authz.close();
          hss.close();
        };
      }
      close = async () => {
        await closeInitial();
        await s.close();
      };
      events = [snChannels.attach.name, initialAttachChannels.outcome.name].map(String);
    }
    const stopLog = logEvents(io, events);
    io.out(
      values.json === true
        ? JSON.stringify({ function: fn, listening: url, pid: process.pid })
        : `ciotsec ${fn} listening on ${url}`,
    );
    const sig = await untilSignal();
    stopLog();
    await close();
    if (values.json !== true) io.out(`ciotsec ${fn}: stopped (${sig})`);
    return 0;
  },
};

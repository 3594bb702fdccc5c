import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { CurveName } from '../../crypto/ec-curves.js';
import type { CipherName } from '../../crypto/initial-attach-keys.js';
import { TreSimulator } from '../../device/tre/index.js';
import { provisionOverUdp, sendChannelData, UeSimulator } from '../../device/ue/index.js';
import { UsimSimulator } from '../../device/usim/index.js';
import { formatUuid } from '../../initial-attach/uuid-ue.js';
import {
  hssProvisioner,
  initialAttachChannels,
  startInitialAttachServer,
  uuidAuthzClient,
  type InitialAttachServer,
  type MessageEvent,
} from '../../nf/sn/index.js';
import { startUuidAuthzServer, type UuidAuthzServer } from '../../nf/uuid-authz/index.js';
import { createDevicePki, type DevicePki } from '../../pki/device-pki.js';
import { nfFiles } from '../../pki/pki-dir.js';
import { SbiClient } from '../../sbi/client.js';
import { startDevNetwork, type DevNetwork } from './network.js';

export const AUTHZ_FQDN = 'authz.ciotsec.test';

export interface RcpNetwork {
  readonly net: DevNetwork;
  readonly devicePki: DevicePki;
  readonly authz: UuidAuthzServer;
  readonly initialAttach: InitialAttachServer;
  readonly sp: SbiClient;
  /** Resolves when the AKA path has accepted `imsi` and step 9 is done. */
  connected(imsi: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The dev network plus seed 004's functions: the device PKI (CI → PN, CI → SN), an Authorization
 * Server, the serving network's initial-attach endpoint (UDP) wired to the HSS, and an SP client.
 */
export async function startRcpNetwork(
  opts: { curve?: CurveName; limits?: { maxBytes: number; maxSeconds: number } } = {},
): Promise<RcpNetwork> {
  const net = await startDevNetwork();
  const devicePki = createDevicePki(opts.curve ?? 'P-256');
  const authzFiles = nfFiles(net.pkiDir, { type: 'uuid-authz', instance: 'uuid-authz' });
  const authz = await startUuidAuthzServer({
    tls: net.tls('uuid-authz'),
    signingKey: createPrivateKey(readFileSync(authzFiles.key)),
    ...(opts.limits !== undefined ? { limits: opts.limits } : {}),
  });
  const authzPort = uuidAuthzClient({
    baseUrl: authz.url,
    tls: net.tls('sn'),
    authzCertPem: readFileSync(authzFiles.cert, 'utf8'),
  });
  const hss = hssProvisioner({ baseUrl: net.hss.url, tls: net.tls('sn') });
  const initialAttach = await startInitialAttachServer({
    credentials: {
      curve: devicePki.curve,
      certCis: [devicePki.ci.cert],
      ecka: devicePki.snEcka,
      ecdsa: devicePki.snEcdsa,
    },
    authzFor: (fqdn) => (fqdn === AUTHZ_FQDN ? authzPort : undefined),
    hss,
    imsiPrefix: '00101',
    rsmf: (_imsi, payload) =>
      Buffer.from(`RSMF: ${payload.length} octets received; profile download per GSMA SGP.32`),
  });
  const waiting = new Map<string, () => void>();
  net.snHooks.onAttach = (o) => {
    if (o.outcome !== 'accepted' || o.imsi === undefined) return;
    const imsi = o.imsi;
    void initialAttach.attached(imsi).then(() => waiting.get(imsi)?.());
  };
  const sp = new SbiClient({ baseUrl: authz.url, tls: net.tls('sp') });
  return {
    net,
    devicePki,
    authz,
    initialAttach,
    sp,
    connected: (imsi) =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('step 9 not done in time')), 5000);
        waiting.set(imsi, () => {
          clearTimeout(t);
          resolve();
        });
      }),
    async close() {
      sp.close();
      authzPort.close();
      hss.close();
      await initialAttach.close();
      await authz.close();
      await net.close();
    },
  };
}

/** A factory-fresh TRE whose PN belongs to `pki`. */
export function manufactureTre(pki: DevicePki, cipher: CipherName, serial = 0x00a1b2c3d4e5n): TreSimulator {
  return TreSimulator.manufacture({
    curve: pki.curve,
    cipher,
    certCi: pki.ci.cert,
    certPn: pki.pn.cert,
    pnPrivateKey: pki.pn.key,
    serial,
  });
}

export interface SizeRow {
  readonly step: string;
  readonly from: string;
  readonly to: string;
  readonly bytes: number;
}

export interface InitialAttachDemoResult {
  readonly steps: { step: string; detail: Record<string, unknown> }[];
  readonly sizes: SizeRow[];
}

/**
 * Seed 004 end to end: SP registers a TRE-generated UUID_UE (0-a, 0-b), the UE runs steps 1–8 over UDP,
 * attaches with AKA using the delivered IMSI/K/OPc, the SN acknowledges (9) and the UE reaches the
 * RSMF over the conditional data channel (10).
 */
export async function runInitialAttachDemo(
  opts: { curve?: CurveName; cipher?: CipherName } = {},
): Promise<InitialAttachDemoResult> {
  const cipher = opts.cipher ?? 'aes128-cbc-hmac-sha256';
  const rcp = await startRcpNetwork(opts.curve !== undefined ? { curve: opts.curve } : {});
  const sizes: SizeRow[] = [];
  const onMsg = (m: unknown): void => {
    const e = m as MessageEvent;
    if (e.from === 'authz' || e.to === 'authz')
      sizes.push({ step: e.step, from: e.from, to: e.to, bytes: e.bytes });
  };
  diagnosticsChannel.subscribe(initialAttachChannels.message.name, onMsg);
  try {
    const steps: InitialAttachDemoResult['steps'] = [];
    const tre = manufactureTre(rcp.devicePki, cipher);
    const uuid = tre.generateUuid();
    const body = { uuid: formatUuid(uuid), treBinding: tre.binding().toString('hex') };
    await rcp.sp.json('POST', '/uuid-authz/v1/uuids', body);
    sizes.push({
      step: '0-b UUID registration',
      from: 'sp',
      to: 'authz',
      bytes: JSON.stringify(body).length,
    });
    steps.push({
      step: 'sp-register-uuid',
      detail: { uuid: formatUuid(uuid), curve: rcp.devicePki.curve, cipher },
    });
    const p = await provisionOverUdp({
      tre,
      host: '127.0.0.1',
      port: rcp.initialAttach.port,
      uuid,
      authzFqdn: AUTHZ_FQDN,
    });
    for (const s of p.sizes)
      sizes.push({ step: s.step, from: s.from, to: s.from === 'ue' ? 'sn' : 'ue', bytes: s.bytes });
    const c = p.connectivity;
    steps.push({ step: 'initial-attach', detail: { imsi: c.imsi, k: `${c.k}`, opc: `${c.opc}` } });
    const connected = rcp.connected(c.imsi);
    const ue = new UeSimulator({
      usim: new UsimSimulator({ imsi: c.imsi, k: c.k, opc: c.opc }),
      e2m: false,
      vectorType: 'umts',
      plmn: '00f110',
    });
    const aka = await ue.attach('127.0.0.1', rcp.net.sn.port);
    await connected;
    steps.push({
      step: 'aka-attach',
      detail: { imsi: c.imsi, accepted: true, serving_key: `SecretKey(fp=${aka.servingKeyFp})` },
    });
    const r = await sendChannelData(
      '127.0.0.1',
      rcp.initialAttach.port,
      c.imsi,
      1,
      Buffer.from('hello RSMF'),
    );
    steps.push({
      step: 'rsmf',
      detail: { channel: r.kind, answer: r.kind === 'ack' ? r.payload.toString() : String(r.cause) },
    });
    const rec = rcp.authz.store.get(formatUuid(uuid));
    steps.push({ step: 'authz-acknowledged', detail: { uuid_state: rec?.state } });
    sizes.sort((a, b) => parseFloat(a.step) - parseFloat(b.step));
    return { steps, sizes };
  } finally {
    diagnosticsChannel.unsubscribe(initialAttachChannels.message.name, onMsg);
    await rcp.close();
  }
}

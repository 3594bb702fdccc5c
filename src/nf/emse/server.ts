import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { type CoapServerState, coapServerStep, createCoapServerState } from '../../coap/index.js';
import { type DtlsServer, createDtlsServer } from '../../dtls/index.js';
import { loadTls, nfFiles } from '../../pki/pki-dir.js';
import type { TlsMaterial } from '../../sbi/tls-profile.js';
import { emseResources } from './api/routes.js';
import { emseEvents } from './events.js';
import { EmksKeyClient } from './key-client.js';
import { MeasurementLog } from './measurement-log.js';
import { type KeySource, PskResolver } from './procedures/resolve-psk.js';
import type { EmseServerConfig } from './server-config.js';
import { serveCoapOverTls } from './transports/coap-over-tls.js';
import { gatePskIdentity } from './transports/tls-gate.js';

/**
 * TLS 1.2 PSK suites (RFC 6655 CCM first, as for DTLS) and TLS 1.3 suites for external PSKs. OpenSSL
 * ≥ 3.2 (Node 24) allows the CCM_8 suites only at security level 0 (their 64-bit tag); the level
 * governs which algorithms may be negotiated, and every suite listed here is an AEAD with PSK (D-021).
 */
export const EMSE_TLS_CIPHERS = [
  'PSK-AES128-CCM8',
  'PSK-AES128-CCM',
  'PSK-AES128-GCM-SHA256',
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_128_CCM_SHA256',
  'TLS_AES_128_CCM_8_SHA256',
  '@SECLEVEL=0',
].join(':');

export interface EmseServer {
  readonly emseId: string;
  readonly dtlsPort: number;
  /** undefined when the TLS listener is off (`listen.tlsPort: null`). */
  readonly tlsPort: number | undefined;
  readonly keyClient: EmksKeyClient | undefined;
  readonly resolver: PskResolver;
  readonly measurements: MeasurementLog;
  readonly dtls: DtlsServer;
  close(): Promise<void>;
}

export interface EmseOverrides {
  /** TLS material for the EMKS client, instead of the PKI directory's `emse-<instance>` files. */
  readonly tls?: TlsMaterial;
  /** A key source other than the EMKS (tests). */
  readonly keys?: KeySource;
  readonly now?: () => Date;
}

/**
 * `ciotsec serve emse`: the EMSE's device-facing side (seed 001 6.x.2.3). Devices authenticate with
 * e2m_key over DTLS-PSK (UDP) or TLS-PSK (TCP); the key comes from the EMKS by (UE identity, key id)
 * taken from psk_identity; the application protocol is CoAP (RFC 7252 over DTLS, RFC 8323 over TLS).
 *
 * @example
 * const emse = await startEmseServer(loadConfig(emseServerConfigSchema, { env: process.env, bindings: EMSE_ENV }));
 */
export async function startEmseServer(cfg: EmseServerConfig, o: EmseOverrides = {}): Promise<EmseServer> {
  const emseId = cfg.pki.instance;
  const now = o.now ?? (() => new Date());
  const keyClient =
    o.keys === undefined
      ? new EmksKeyClient({
          emksUrl: cfg.emks.url,
          tls: o.tls ?? loadTls(nfFiles(cfg.pki.dir, { type: 'emse', instance: cfg.pki.instance })),
          emseId,
          cacheSize: cfg.emks.cacheSize,
          timeoutMs: cfg.emks.timeoutMs,
        })
      : undefined;
  const resolver = new PskResolver(o.keys ?? keyClient!, cfg.knownIdentities);
  const measurements = new MeasurementLog(cfg.measurements.keep);
  const ctx = { emseId, log: measurements, now };
  const ueIdOf = (identity: Uint8Array): string => {
    const r = resolver.resolve(identity);
    return typeof r === 'string' ? '?' : r.ueId;
  };

  // 1. DTLS-PSK over UDP, CoAP (RFC 7252) inside.
  const dtls = await createDtlsServer({
    port: cfg.listen.dtlsPort,
    host: cfg.listen.host,
    maxSessions: cfg.dtls.maxSessions,
    maxHalfOpen: cfg.dtls.maxHalfOpen,
    pskLookupTimeoutMs: cfg.dtls.pskLookupTimeoutMs,
    // seed 001 6.x.2.3 steps 4–7: psk_identity → (UE identity, key id) → e2m_key from the EMKS.
    getPsk: async (identity) => (await resolver.getKey(identity, 'dtls'))?.export(),
  });
  dtls.on('session', (s) => {
    const handler = emseResources(ctx, { transport: 'dtls', peer: s.peer, ueId: ueIdOf(s.pskIdentity) });
    let coap: CoapServerState = createCoapServerState(randomBytes);
    s.on('data', (datagram) => {
      const r = coapServerStep(coap, { datagram, now: Date.now() }, handler);
      coap = r.state;
      for (const out of r.outputs) if (!s.closed) s.send(out);
    });
  });
  dtls.on('error', () => undefined);

  // 2. TLS-PSK over TCP (D-021): the gate fetches the key before OpenSSL's synchronous callback runs.
  let tcp: net.Server | undefined;
  const sockets = new Set<net.Socket>();
  if (cfg.listen.tlsPort !== null) {
    const identities = new WeakMap<object, string>();
    const tlsServer = tls.createServer({
      ciphers: EMSE_TLS_CIPHERS,
      minVersion: 'TLSv1.2',
      pskCallback: (socket, identity) => {
        identities.set(socket, identity);
        return resolver.cachedKey(Buffer.from(identity, 'utf8'))?.export() ?? null;
      },
    });
    tlsServer.on('secureConnection', (socket) => {
      const ueId = ueIdOf(Buffer.from(identities.get(socket) ?? '', 'utf8'));
      const peer = `${String(socket.remoteAddress)}:${String(socket.remotePort)}`;
      emseEvents.tlsSession({
        peer,
        ueId,
        protocol: String(socket.getProtocol()),
        cipher: socket.getCipher().name,
      });
      socket.on('error', () => socket.destroy());
      serveCoapOverTls(socket, emseResources(ctx, { transport: 'tls', peer, ueId }));
    });
    tlsServer.on('tlsClientError', () => undefined);
    tcp = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      tlsServer.emit(
        'connection',
        gatePskIdentity(socket, (id) => resolver.getKey(id, 'tls'), cfg.dtls.pskLookupTimeoutMs),
      );
    });
    await new Promise<void>((resolve, reject) => {
      tcp!.once('error', reject);
      tcp!.listen(cfg.listen.tlsPort!, cfg.listen.host, () => resolve());
    });
  }
  const tlsPort = tcp === undefined ? undefined : (tcp.address() as net.AddressInfo).port;

  return {
    emseId,
    dtlsPort: dtls.port,
    tlsPort,
    keyClient,
    resolver,
    measurements,
    dtls,
    async close() {
      await dtls.close();
      for (const s of sockets) s.destroy();
      if (tcp !== undefined) await new Promise<void>((resolve) => tcp.close(() => resolve()));
      await keyClient?.deregister().catch(() => undefined);
      keyClient?.close();
    },
  };
}

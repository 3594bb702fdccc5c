import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import type { CipherSuiteName } from '../cipher/suites.js';
import { alertName } from '../constants.js';
import { type CookieSecrets, initialCookieSecrets, rotateCookieSecrets } from '../cookie.js';
import { screenDatagram } from '../cookie-exchange.js';
import { DtlsClosedError } from '../errors.js';
import { dtlsEvents } from '../events.js';
import type { DtlsInput, DtlsOutput } from '../machine-types.js';
import {
  DEFAULT_SERVER_OPTIONS,
  type ServerConfig,
  type ServerState,
  createServerState,
  serverStep,
} from '../server-machine.js';

export interface DtlsServerOptions {
  readonly port: number;
  /** Address to bind; tests use 127.0.0.1. */
  readonly host: string;
  /** The PSK for a psk_identity (seed 001 steps 5–6: the EMSE asks the key server); undefined: unknown. */
  readonly getPsk: (identity: Buffer) => Promise<Uint8Array | undefined>;
  readonly cipherSuites?: readonly CipherSuiteName[];
  readonly pskIdentityHint?: Buffer;
  readonly requireExtendedMasterSecret?: boolean;
  /** Handshakes past the cookie exchange and not yet finished (default 64). */
  readonly maxHalfOpen?: number;
  /** Associations in total, half-open included (default 1024). */
  readonly maxSessions?: number;
  /** Bytes one handshake may hold in reassembly and early records (default 4096). */
  readonly maxBufferedBytes?: number;
  /** Milliseconds getPsk may take (default 5000). */
  readonly pskLookupTimeoutMs?: number;
  readonly mtu?: number;
  readonly initialRetransmitMs?: number;
  readonly maxRetransmits?: number;
  /** Cookie secret lifetime (default 60 s); cookies of the previous secret still verify. */
  readonly cookieSecretLifetimeMs?: number;
  /** Injected for tests. */
  readonly random?: (n: number) => Buffer;
  readonly now?: () => number;
}

/** One established association, seen from the server. */
export class DtlsServerSession extends EventEmitter<{ data: [Buffer]; close: [string] }> {
  #closed = false;
  constructor(
    readonly peer: string,
    readonly pskIdentity: Buffer,
    readonly cipherSuite: string,
    readonly extendedMasterSecret: boolean,
    private readonly feed: (input: DtlsInput) => void,
  ) {
    super();
  }
  get closed(): boolean {
    return this.#closed;
  }
  /** Sends one application datagram; throws DtlsClosedError once closed. */
  send(data: Uint8Array): void {
    if (this.#closed) throw new DtlsClosedError('session closed');
    this.feed({ type: 'send', data: Buffer.from(data) });
  }
  /** Sends close_notify and forgets the session. */
  close(): void {
    if (!this.#closed) this.feed({ type: 'close' });
  }
  /** @internal */
  markClosed(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.emit('close', reason);
  }
}

interface Entry {
  state: ServerState;
  timer: NodeJS.Timeout | undefined;
  lookup: boolean;
  session: DtlsServerSession | undefined;
  readonly address: string;
  readonly port: number;
}

export interface DtlsServer extends EventEmitter<{ session: [DtlsServerSession]; error: [Error] }> {
  readonly port: number;
  /** Associations now held, and how many of them are still handshaking. */
  stats(): { sessions: number; halfOpen: number };
  /** Closes every session (close_notify) and the socket. */
  close(): Promise<void>;
}

/**
 * The DTLS-PSK server over UDP: the only part of the server with a socket and timers; the protocol is in
 * `serverStep`, which this adapter feeds with datagrams, timer expiries and PSK answers.
 *
 * @example
 * const server = await createDtlsServer({ port: 5684, host: '127.0.0.1', getPsk: async (id) => keys.get(id.toString()) });
 * server.on('session', (s) => s.on('data', (d) => s.send(d))); // echo
 */
export async function createDtlsServer(options: DtlsServerOptions): Promise<DtlsServer> {
  const random = options.random ?? ((n: number) => randomBytes(n));
  const now = options.now ?? (() => Date.now());
  const config: ServerConfig = {
    ...DEFAULT_SERVER_OPTIONS,
    cipherSuites: options.cipherSuites ?? DEFAULT_SERVER_OPTIONS.cipherSuites,
    pskIdentityHint: options.pskIdentityHint,
    requireExtendedMasterSecret: options.requireExtendedMasterSecret ?? false,
    maxBufferedBytes: options.maxBufferedBytes ?? DEFAULT_SERVER_OPTIONS.maxBufferedBytes,
    pskLookupTimeoutMs: options.pskLookupTimeoutMs ?? DEFAULT_SERVER_OPTIONS.pskLookupTimeoutMs,
    mtu: options.mtu ?? DEFAULT_SERVER_OPTIONS.mtu,
    initialRetransmitMs: options.initialRetransmitMs ?? DEFAULT_SERVER_OPTIONS.initialRetransmitMs,
    maxRetransmits: options.maxRetransmits ?? DEFAULT_SERVER_OPTIONS.maxRetransmits,
    random,
  };
  const maxHalfOpen = options.maxHalfOpen ?? 64;
  const maxSessions = options.maxSessions ?? 1024;
  const cookieLifetime = options.cookieSecretLifetimeMs ?? 60_000;
  let secrets: CookieSecrets = initialCookieSecrets(random, now());
  const entries = new Map<string, Entry>();
  const socket = dgram.createSocket('udp4');
  const server = new EventEmitter() as DtlsServer;
  let halfOpen = 0;

  const perform = (key: string, e: Entry, outputs: readonly DtlsOutput[]): void => {
    for (const o of outputs) {
      switch (o.type) {
        case 'send':
          socket.send(o.datagram, e.port, e.address);
          break;
        case 'setTimer':
          clearTimeout(e.timer);
          e.timer = setTimeout(() => feed(key, e, { type: 'timeout' }), o.ms);
          break;
        case 'clearTimer':
          clearTimeout(e.timer);
          e.timer = undefined;
          break;
        case 'needPsk': {
          if (e.lookup) break; // one lookup per handshake, whatever the client retransmits
          e.lookup = true;
          const settle = (input: DtlsInput): void => {
            if (entries.get(key) === e) feed(key, e, input);
          };
          Promise.resolve()
            .then(() => options.getPsk(Buffer.from(o.identity)))
            .then(
              (psk) => settle({ type: 'psk', psk: psk === undefined ? undefined : Buffer.from(psk) }),
              () => settle({ type: 'pskError' }),
            );
          break;
        }
        case 'established': {
          halfOpen--;
          e.session = new DtlsServerSession(key, o.pskIdentity, o.cipherSuite, o.extendedMasterSecret, (i) =>
            feed(key, e, i),
          );
          dtlsEvents.handshake({
            role: 'server',
            peer: key,
            pskIdentity: o.pskIdentity.toString('utf8'),
            cipherSuite: o.cipherSuite,
            extendedMasterSecret: o.extendedMasterSecret,
          });
          server.emit('session', e.session);
          break;
        }
        case 'deliver':
          e.session?.emit('data', o.data);
          break;
        case 'alert':
          dtlsEvents.alert({
            role: 'server',
            peer: key,
            alert: alertName(o.description),
            sent: o.sent,
            fatal: o.fatal,
          });
          break;
        case 'closed':
          clearTimeout(e.timer);
          e.timer = undefined;
          if (entries.get(key) === e) {
            entries.delete(key);
            if (e.session === undefined) halfOpen--;
          }
          dtlsEvents.closed({ role: 'server', peer: key, reason: o.reason });
          e.session?.markClosed(o.reason);
          break;
      }
    }
  };

  function feed(key: string, e: Entry, input: DtlsInput): void {
    if (e.state.phase === 'closed') return;
    const r = serverStep(e.state, input);
    e.state = r.state;
    perform(key, e, r.outputs);
  }

  socket.on('message', (msg, rinfo) => {
    const key = `${rinfo.address}:${rinfo.port}`;
    const existing = entries.get(key);
    // RFC 6347 §4.2.8: a new ClientHello from the address of an established association may be a
    // restarted client; the stateless front decides, and a valid cookie replaces the old association.
    if (existing !== undefined && existing.state.phase !== 'established')
      return feed(key, existing, { type: 'datagram', data: msg });
    secrets = rotateCookieSecrets(secrets, now(), cookieLifetime, random);
    const screening = screenDatagram(msg, key, secrets);
    if (screening.kind === 'drop') {
      if (existing !== undefined) feed(key, existing, { type: 'datagram', data: msg });
      else dtlsEvents.dropped({ peer: key, reason: 'not-a-hello-or-bad-cookie' });
      return;
    }
    if (screening.kind === 'helloVerifyRequest') {
      socket.send(screening.datagram, rinfo.port, rinfo.address);
      return;
    }
    if (existing !== undefined) {
      if (existing.state.clientRandom.equals(screening.clientRandom))
        return feed(key, existing, { type: 'datagram', data: msg });
      feed(key, existing, { type: 'close' });
    }
    if (halfOpen >= maxHalfOpen) return dtlsEvents.dropped({ peer: key, reason: 'max-half-open' });
    if (entries.size >= maxSessions) return dtlsEvents.dropped({ peer: key, reason: 'max-sessions' });
    const e: Entry = {
      state: createServerState(config, { messageSeq: screening.messageSeq, recordSeq: screening.recordSeq }),
      timer: undefined,
      lookup: false,
      session: undefined,
      address: rinfo.address,
      port: rinfo.port,
    };
    entries.set(key, e);
    halfOpen++;
    feed(key, e, { type: 'datagram', data: msg });
  });
  socket.on('error', (err) => server.emit('error', err));

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, options.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });

  Object.defineProperty(server, 'port', { get: () => socket.address().port });
  server.stats = () => ({ sessions: entries.size, halfOpen });
  server.close = async () => {
    for (const [key, e] of [...entries]) feed(key, e, { type: 'close' });
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  };
  return server;
}

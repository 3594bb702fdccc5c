import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import type { CipherSuiteName } from '../cipher/suites.js';
import {
  type ClientState,
  DEFAULT_CLIENT_OPTIONS,
  clientStep,
  createClientState,
  startClient,
} from '../client-machine.js';
import { alertName } from '../constants.js';
import { DtlsAlertError, DtlsClosedError, DtlsTimeoutError } from '../errors.js';
import { dtlsEvents } from '../events.js';
import type { DtlsInput, DtlsOutput, StepResult } from '../machine-types.js';

export interface ConnectDtlsOptions {
  readonly host: string;
  readonly port: number;
  /** psk_identity, e.g. from `encodePskIdentity`. */
  readonly identity: Uint8Array | string;
  readonly psk: Uint8Array;
  readonly cipherSuites?: readonly CipherSuiteName[];
  readonly requireExtendedMasterSecret?: boolean;
  readonly mtu?: number;
  readonly initialRetransmitMs?: number;
  readonly maxRetransmits?: number;
  readonly random?: (n: number) => Buffer;
}

/** An established client association. */
export class DtlsClientConnection extends EventEmitter<{ data: [Buffer]; close: [string] }> {
  #closed = false;
  constructor(
    readonly cipherSuite: string,
    readonly extendedMasterSecret: boolean,
    private readonly feed: (i: DtlsInput) => void,
  ) {
    super();
  }
  get closed(): boolean {
    return this.#closed;
  }
  send(data: Uint8Array): void {
    if (this.#closed) throw new DtlsClosedError('connection closed');
    this.feed({ type: 'send', data: Buffer.from(data) });
  }
  /** Sends close_notify and closes the socket. */
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

/**
 * Connects to a DTLS-PSK server; resolves when the handshake is done, rejects with DtlsAlertError (e.g.
 * bad_record_mac for a wrong key) or DtlsTimeoutError (retransmissions exhausted).
 *
 * @example
 * const c = await connectDtls({ host: '127.0.0.1', port: 5684, identity: '1a2b3c4d.dev', psk });
 * c.send(Buffer.from('hello'));
 */
export function connectDtls(options: ConnectDtlsOptions): Promise<DtlsClientConnection> {
  const socket = dgram.createSocket('udp4');
  let state: ClientState = createClientState({
    ...DEFAULT_CLIENT_OPTIONS,
    cipherSuites: options.cipherSuites ?? DEFAULT_CLIENT_OPTIONS.cipherSuites,
    pskIdentity: Buffer.from(options.identity),
    psk: Buffer.from(options.psk),
    requireExtendedMasterSecret: options.requireExtendedMasterSecret ?? false,
    mtu: options.mtu ?? DEFAULT_CLIENT_OPTIONS.mtu,
    initialRetransmitMs: options.initialRetransmitMs ?? DEFAULT_CLIENT_OPTIONS.initialRetransmitMs,
    maxRetransmits: options.maxRetransmits ?? DEFAULT_CLIENT_OPTIONS.maxRetransmits,
    random: options.random ?? ((n: number) => randomBytes(n)),
  });
  const peer = `${options.host}:${options.port}`;
  let timer: NodeJS.Timeout | undefined;
  let connection: DtlsClientConnection | undefined;
  let lastAlert: { description: number; sent: boolean } | undefined;
  // Closing a dgram socket cancels sends still queued in libuv, so a close_notify (or a fatal alert)
  // sent just before 'closed' would never leave: close only once every send has completed.
  let inFlight = 0;
  let closeWanted = false;
  let socketClosed = false;
  const closeSocket = (): void => {
    closeWanted = true;
    if (inFlight === 0 && !socketClosed) {
      socketClosed = true;
      socket.close();
    }
  };

  return new Promise<DtlsClientConnection>((resolve, reject) => {
    const perform = (outputs: readonly DtlsOutput[]): void => {
      for (const o of outputs) {
        switch (o.type) {
          case 'send':
            inFlight++;
            socket.send(o.datagram, options.port, options.host, () => {
              inFlight--;
              if (closeWanted) closeSocket();
            });
            break;
          case 'setTimer':
            clearTimeout(timer);
            timer = setTimeout(() => feed({ type: 'timeout' }), o.ms);
            break;
          case 'clearTimer':
            clearTimeout(timer);
            timer = undefined;
            break;
          case 'needPsk':
            break;
          case 'established':
            connection = new DtlsClientConnection(o.cipherSuite, o.extendedMasterSecret, feed);
            dtlsEvents.handshake({
              role: 'client',
              peer,
              pskIdentity: o.pskIdentity.toString('utf8'),
              cipherSuite: o.cipherSuite,
              extendedMasterSecret: o.extendedMasterSecret,
            });
            resolve(connection);
            break;
          case 'deliver':
            connection?.emit('data', o.data);
            break;
          case 'alert':
            lastAlert = { description: o.description, sent: o.sent };
            dtlsEvents.alert({
              role: 'client',
              peer,
              alert: alertName(o.description),
              sent: o.sent,
              fatal: o.fatal,
            });
            break;
          case 'closed':
            clearTimeout(timer);
            timer = undefined;
            closeSocket();
            dtlsEvents.closed({ role: 'client', peer, reason: o.reason });
            if (connection !== undefined) connection.markClosed(o.reason);
            else if (o.reason === 'timeout') reject(new DtlsTimeoutError('DTLS handshake timed out'));
            else if (lastAlert !== undefined)
              reject(
                new DtlsAlertError(
                  lastAlert.description,
                  !lastAlert.sent,
                  `DTLS handshake failed: ${alertName(lastAlert.description)} (${lastAlert.sent ? 'sent' : 'received'})`,
                ),
              );
            else reject(new DtlsClosedError(`DTLS handshake ended: ${o.reason}`));
            break;
        }
      }
    };
    const apply = (r: StepResult<ClientState>): void => {
      state = r.state;
      perform(r.outputs);
    };
    function feed(input: DtlsInput): void {
      if (state.phase === 'closed') return;
      apply(clientStep(state, input));
    }
    socket.on('message', (msg, rinfo) => {
      if (rinfo.port === options.port) feed({ type: 'datagram', data: msg });
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      closeSocket();
      reject(err);
    });
    socket.bind(0, () => apply(startClient(state)));
  });
}

import {
  type Association,
  type MachineEvent,
  type RoleHooks,
  type Step as StepT,
  type TransitionTable,
  Step,
  appendPeerMessage,
  becomeEstablished,
  close,
  dispatch,
  fail,
  onDatagram,
  onRetransmitTimer,
  ourMessage,
  replayDeferred,
  retransmitOnce,
  sendApplicationData,
  sendFlight,
  transcriptHash,
  verifyDataMatches,
  warn,
} from './association.js';
import { deriveKeyBlock } from './cipher/keys.js';
import { masterSecret, pskPremasterSecret, verifyData } from './cipher/prf.js';
import { type CipherSuiteName, CipherSuites, DEFAULT_CIPHER_SUITES } from './cipher/suites.js';
import {
  AlertDescription,
  DTLS_1_2,
  EMPTY_RENEGOTIATION_INFO_SCSV,
  ExtensionType,
  HandshakeType,
} from './constants.js';
import { DtlsDecodeError } from './errors.js';
import { type Extension, findExtension } from './handshake/extensions.js';
import { parseClientHello } from './handshake/messages/client-hello.js';
import { parseClientKeyExchangePsk } from './handshake/messages/client-key-exchange.js';
import { parseFinished } from './handshake/messages/finished.js';
import { serializeServerHelloDone } from './handshake/messages/server-hello-done.js';
import { serializeServerHello } from './handshake/messages/server-hello.js';
import { serializeServerKeyExchangePsk } from './handshake/messages/server-key-exchange.js';
import {
  DEFAULT_MACHINE_CONFIG,
  type DtlsInput,
  type MachineConfig,
  type StepResult,
} from './machine-types.js';
import { initialRecordLayer } from './record/record-layer.js';

export type ServerPhase =
  'awaitClientHello' | 'awaitClientKeyExchange' | 'awaitPsk' | 'awaitFinished' | 'established' | 'closed';

export interface ServerConfig extends MachineConfig {
  /** Suites in our order of preference. */
  readonly cipherSuites: readonly CipherSuiteName[];
  /** psk_identity_hint; when set, a ServerKeyExchange carries it (RFC 4279 §2). */
  readonly pskIdentityHint: Buffer | undefined;
  /** How long the PSK lookup may take before the handshake ends with internal_error. */
  readonly pskLookupTimeoutMs: number;
  /** Refuse clients that do not offer extended master secret (RFC 7627 §5.2). */
  readonly requireExtendedMasterSecret: boolean;
  /** Randomness, injected: n random bytes. */
  readonly random: (n: number) => Buffer;
}

export const DEFAULT_SERVER_OPTIONS = {
  ...DEFAULT_MACHINE_CONFIG,
  cipherSuites: DEFAULT_CIPHER_SUITES,
  pskIdentityHint: undefined,
  pskLookupTimeoutMs: 5000,
  requireExtendedMasterSecret: false,
} as const;

export interface ServerState extends Association<ServerPhase> {
  readonly config: ServerConfig;
  /** RFC 7627: hash of the transcript through ClientKeyExchange. */
  readonly sessionHash: Buffer | undefined;
}

type T = StepT<ServerState>;

/**
 * A server association for a peer whose ClientHello carried a valid cookie (see `screenDatagram`).
 * `messageSeq` and `recordSeq` are that ClientHello's: RFC 6347 §4.2.2 has the server continue the
 * message_seq the client started, and §4.2.1 reuse the record sequence number.
 */
export function createServerState(
  config: ServerConfig,
  hello: { readonly messageSeq: number; readonly recordSeq: number },
): ServerState {
  return {
    phase: 'awaitClientHello',
    config,
    rl: initialRecordLayer(DTLS_1_2, hello.recordSeq),
    hs: { nextReceiveSeq: hello.messageSeq, partials: [] },
    nextSendSeq: hello.messageSeq,
    transcript: [],
    flight: [],
    retransmitMs: config.initialRetransmitMs,
    retransmits: 0,
    deferred: [],
    peerCcs: false,
    suite: undefined,
    clientRandom: Buffer.alloc(0),
    serverRandom: Buffer.alloc(0),
    extendedMasterSecret: false,
    masterSecret: undefined,
    pskIdentity: Buffer.alloc(0),
    sessionHash: undefined,
  };
}

function message(e: MachineEvent): { body: Buffer; messageSeq: number; epoch: 0 | 1 } {
  if (e.name !== 'message') throw new TypeError('not a message event');
  return e;
}

const has = (exts: readonly Extension[], type: number): boolean => findExtension(exts, type) !== undefined;

// RFC 6347 §4.2.4 flight 3 → 4: ServerHello, [ServerKeyExchange], ServerHelloDone.
function onClientHello(t: T, e: MachineEvent): void {
  const { body, messageSeq } = message(e);
  const ch = parseClientHello(body);
  if (ch instanceof DtlsDecodeError) return fail(t, AlertDescription.decodeError);
  // DTLS versions count down: 1.2 is 0xfefd, 1.0 is 0xfeff.
  if (ch.clientVersion > DTLS_1_2) return fail(t, AlertDescription.protocolVersion);
  if (!ch.compressionMethods.includes(0)) return fail(t, AlertDescription.illegalParameter);
  const suiteName = t.s.config.cipherSuites.find((n) => ch.cipherSuites.includes(CipherSuites[n].id));
  if (suiteName === undefined) return fail(t, AlertDescription.handshakeFailure);
  const ems = has(ch.extensions, ExtensionType.extendedMasterSecret);
  if (!ems && t.s.config.requireExtendedMasterSecret) return fail(t, AlertDescription.handshakeFailure);
  const ri = findExtension(ch.extensions, ExtensionType.renegotiationInfo);
  // RFC 5746 §3.6: an initial handshake's renegotiated_connection must be empty.
  if (ri !== undefined && !(ri.data.length === 1 && ri.data[0] === 0))
    return fail(t, AlertDescription.handshakeFailure);
  const secureRenegotiation = ri !== undefined || ch.cipherSuites.includes(EMPTY_RENEGOTIATION_INFO_SCSV);

  appendPeerMessage(t, HandshakeType.clientHello, messageSeq, body);
  const serverRandom = t.s.config.random(32);
  const extensions: Extension[] = [];
  if (secureRenegotiation) extensions.push({ type: ExtensionType.renegotiationInfo, data: Buffer.from([0]) });
  if (ems) extensions.push({ type: ExtensionType.extendedMasterSecret, data: Buffer.alloc(0) });
  t.set({
    clientRandom: ch.random,
    serverRandom,
    suite: CipherSuites[suiteName],
    extendedMasterSecret: ems,
  });
  const flight = [
    ourMessage(
      t,
      HandshakeType.serverHello,
      serializeServerHello({
        serverVersion: DTLS_1_2,
        random: serverRandom,
        sessionId: Buffer.alloc(0), // no resumption: nothing to cache per session
        cipherSuite: CipherSuites[suiteName].id,
        compressionMethod: 0,
        extensions,
      }),
    ),
  ];
  const hint = t.s.config.pskIdentityHint;
  if (hint !== undefined)
    flight.push(
      ourMessage(
        t,
        HandshakeType.serverKeyExchange,
        serializeServerKeyExchangePsk({ pskIdentityHint: hint }),
      ),
    );
  flight.push(ourMessage(t, HandshakeType.serverHelloDone, serializeServerHelloDone()));
  t.set({ phase: 'awaitClientKeyExchange' });
  sendFlight(t, flight, true);
}

// Seed 001 steps 4–5: the psk_identity arrives; the key is looked up outside the machine.
function onClientKeyExchange(t: T, e: MachineEvent): void {
  const { body, messageSeq } = message(e);
  const cke = parseClientKeyExchangePsk(body);
  if (cke instanceof DtlsDecodeError) return fail(t, AlertDescription.decodeError);
  appendPeerMessage(t, HandshakeType.clientKeyExchange, messageSeq, body);
  t.set({
    phase: 'awaitPsk',
    pskIdentity: cke.pskIdentity,
    sessionHash: t.s.extendedMasterSecret ? transcriptHash(t.s) : undefined,
  });
  t.emit({ type: 'needPsk', identity: cke.pskIdentity });
  t.emit({ type: 'setTimer', ms: t.s.config.pskLookupTimeoutMs });
}

// Seed 001 step 7: the PSK becomes the premaster secret (RFC 4279 §2).
function onPsk(t: T, e: MachineEvent): void {
  if (e.name !== 'psk') return;
  if (e.psk === undefined || e.psk.length === 0) return fail(t, AlertDescription.unknownPskIdentity);
  const suite = t.s.suite;
  if (suite === undefined) return fail(t, AlertDescription.internalError);
  const master = masterSecret(pskPremasterSecret(e.psk), t.s.clientRandom, t.s.serverRandom, t.s.sessionHash);
  const keys = deriveKeyBlock(suite, master, t.s.clientRandom, t.s.serverRandom);
  t.set({
    phase: 'awaitFinished',
    masterSecret: master,
    sessionHash: undefined,
    rl: { ...t.s.rl, suite, writeKeys: keys.server, readKeys: keys.client },
  });
  // The client's Finished may be waiting already; if not, it retransmits flight 5.
  t.emit({ type: 'setTimer', ms: t.s.config.maxRetransmitMs });
  replayDeferred(serverHooks, t);
}

function onChangeCipherSpec(t: T): void {
  t.set({ peerCcs: true });
  if (t.s.rl.readKeys !== undefined) replayDeferred(serverHooks, t);
}

// RFC 5246 §7.4.9; RFC 6347 §4.2.4 flight 5 → 6: ChangeCipherSpec, Finished; the server's last flight.
function onFinished(t: T, e: MachineEvent): void {
  const { body, messageSeq, epoch } = message(e);
  const master = t.s.masterSecret;
  if (epoch !== 1 || master === undefined) return fail(t, AlertDescription.unexpectedMessage);
  const fin = parseFinished(body);
  if (fin instanceof DtlsDecodeError) return fail(t, AlertDescription.decodeError);
  if (!verifyDataMatches(verifyData(master, 'client', transcriptHash(t.s)), fin.verifyData))
    return fail(t, AlertDescription.decryptError);
  appendPeerMessage(t, HandshakeType.finished, messageSeq, body);
  const ours = verifyData(master, 'server', transcriptHash(t.s));
  const finished = ourMessage(t, HandshakeType.finished, ours, 1);
  t.set({ rl: { ...t.s.rl, writeEpoch: 1 } });
  sendFlight(t, [{ kind: 'changeCipherSpec' }, finished], false);
  becomeEstablished(t);
}

function onLookupTimeout(t: T): void {
  fail(t, AlertDescription.internalError);
}

function onPskError(t: T): void {
  fail(t, AlertDescription.internalError);
}

function onHandshakeTimeout(t: T): void {
  close(t, 'timeout');
}

function refuseRenegotiation(t: T): void {
  warn(t, AlertDescription.noRenegotiation); // RFC 5746 §4.4; we never renegotiate
}

/** The server's transitions (RFC 6347 §4.2.4 Figure 1, server side; RFC 4279). */
export const serverTransitions: TransitionTable<ServerPhase, ServerState> = {
  awaitClientHello: { clientHello: onClientHello },
  awaitClientKeyExchange: { clientKeyExchange: onClientKeyExchange, timeout: onRetransmitTimer },
  // No handshake message moves this phase on: a retransmitted flight 5 is old message_seq and is
  // absorbed by the handshake layer, so the lookup runs once (issue 4).
  awaitPsk: {
    psk: onPsk,
    pskError: onPskError,
    timeout: onLookupTimeout,
    changeCipherSpec: onChangeCipherSpec,
  },
  awaitFinished: { finished: onFinished, changeCipherSpec: onChangeCipherSpec, timeout: onHandshakeTimeout },
  established: { clientHello: refuseRenegotiation },
  closed: {},
};

const serverHooks: RoleHooks<ServerPhase, ServerState> = {
  table: serverTransitions,
  onRetransmittedFlight(t) {
    // Flight 3 again: our flight 4 was lost. Flight 5 again after we finished: flight 6 was lost.
    if (t.s.phase === 'awaitClientKeyExchange' || t.s.phase === 'established') retransmitOnce(t);
  },
};

/**
 * The server machine: `step(state, input) → { state, outputs }`, no I/O, no clock.
 *
 * @example
 * let s = createServerState(config, { messageSeq: 1, recordSeq: 1 });
 * ({ state: s, outputs } = serverStep(s, { type: 'datagram', data: clientHelloWithCookie }));
 */
export function serverStep(state: ServerState, input: DtlsInput): StepResult<ServerState> {
  const t = new Step(state);
  switch (input.type) {
    case 'datagram':
      onDatagram(serverHooks, t, input.data);
      break;
    case 'timeout':
      dispatch(serverHooks, t, { name: 'timeout' });
      break;
    case 'psk':
      dispatch(serverHooks, t, { name: 'psk', psk: input.psk });
      break;
    case 'pskError':
      dispatch(serverHooks, t, { name: 'pskError' });
      break;
    case 'send':
      if (t.s.phase === 'established') sendApplicationData(t, input.data);
      break;
    case 'close':
      // RFC 5246 §7.2.1: close_notify, also mid-handshake so that the peer stops retransmitting.
      if (t.s.phase !== 'closed') warn(t, AlertDescription.closeNotify);
      if (t.s.phase !== 'closed') close(t, 'local');
      break;
  }
  return { state: t.s, outputs: t.out };
}

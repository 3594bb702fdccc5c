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
import {
  type CipherSuiteName,
  CipherSuites,
  DEFAULT_CIPHER_SUITES,
  cipherSuiteById,
} from './cipher/suites.js';
import { AlertDescription, DTLS_1_2, ExtensionType, HandshakeType } from './constants.js';
import { DtlsDecodeError } from './errors.js';
import { findExtension } from './handshake/extensions.js';
import { type ClientHello, serializeClientHello } from './handshake/messages/client-hello.js';
import { serializeClientKeyExchangePsk } from './handshake/messages/client-key-exchange.js';
import { parseFinished } from './handshake/messages/finished.js';
import { parseHelloVerifyRequest } from './handshake/messages/hello-verify-request.js';
import { parseServerHelloDone } from './handshake/messages/server-hello-done.js';
import { parseServerHello } from './handshake/messages/server-hello.js';
import { parseServerKeyExchangePsk } from './handshake/messages/server-key-exchange.js';
import {
  DEFAULT_MACHINE_CONFIG,
  type DtlsInput,
  type MachineConfig,
  type StepResult,
} from './machine-types.js';
import { initialRecordLayer } from './record/record-layer.js';

export type ClientPhase =
  'start' | 'awaitServerHello' | 'awaitServerHelloDone' | 'awaitFinished' | 'established' | 'closed';

export interface ClientConfig extends MachineConfig {
  readonly cipherSuites: readonly CipherSuiteName[];
  readonly pskIdentity: Buffer;
  readonly psk: Buffer;
  /** Offer extended master secret (RFC 7627); off only to test servers' fallback. */
  readonly offerExtendedMasterSecret: boolean;
  /** Refuse servers that do not negotiate extended master secret (RFC 7627 §5.3). */
  readonly requireExtendedMasterSecret: boolean;
  readonly random: (n: number) => Buffer;
}

export const DEFAULT_CLIENT_OPTIONS = {
  ...DEFAULT_MACHINE_CONFIG,
  cipherSuites: DEFAULT_CIPHER_SUITES,
  offerExtendedMasterSecret: true,
  requireExtendedMasterSecret: false,
} as const;

export interface ClientState extends Association<ClientPhase> {
  readonly config: ClientConfig;
  /** The ClientHello parameters, re-sent with the cookie (RFC 6347 §4.2.1). */
  readonly hello: ClientHello | undefined;
  readonly helloVerifyRequests: number;
}

type T = StepT<ClientState>;

/** At most this many HelloVerifyRequests per handshake, so a server cannot keep us looping. */
const MAX_HELLO_VERIFY_REQUESTS = 2;

export function createClientState(config: ClientConfig): ClientState {
  return {
    phase: 'start',
    config,
    rl: initialRecordLayer(DTLS_1_2),
    hs: { nextReceiveSeq: 0, partials: [] },
    nextSendSeq: 0,
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
    pskIdentity: config.pskIdentity,
    hello: undefined,
    helloVerifyRequests: 0,
  };
}

function message(e: MachineEvent): { body: Buffer; messageSeq: number; epoch: 0 | 1 } {
  if (e.name !== 'message') throw new TypeError('not a message event');
  return e;
}

function sendHello(t: T, hello: ClientHello): void {
  t.set({ hello, transcript: [] });
  sendFlight(t, [ourMessage(t, HandshakeType.clientHello, serializeClientHello(hello))], true);
}

// RFC 6347 §4.2.1: the ClientHello again, with the cookie; CH1 and HVR stay out of the transcript (§4.2.6).
function onHelloVerifyRequest(t: T, e: MachineEvent): void {
  const hvr = parseHelloVerifyRequest(message(e).body);
  if (hvr instanceof DtlsDecodeError) return fail(t, AlertDescription.decodeError);
  if (t.s.hello === undefined || t.s.helloVerifyRequests >= MAX_HELLO_VERIFY_REQUESTS)
    return fail(t, AlertDescription.handshakeFailure);
  t.set({ helloVerifyRequests: t.s.helloVerifyRequests + 1 });
  sendHello(t, { ...t.s.hello, cookie: hvr.cookie });
}

function onServerHello(t: T, e: MachineEvent): void {
  const { body, messageSeq } = message(e);
  const sh = parseServerHello(body);
  if (sh instanceof DtlsDecodeError) return fail(t, AlertDescription.decodeError);
  if (sh.serverVersion !== DTLS_1_2) return fail(t, AlertDescription.protocolVersion);
  const suite = cipherSuiteById(sh.cipherSuite);
  if (suite === undefined || !t.s.config.cipherSuites.some((n) => CipherSuites[n].id === suite.id))
    return fail(t, AlertDescription.illegalParameter);
  if (sh.compressionMethod !== 0) return fail(t, AlertDescription.illegalParameter);
  const ems = findExtension(sh.extensions, ExtensionType.extendedMasterSecret) !== undefined;
  // RFC 7627 §5.3: a server must not echo what was not offered.
  if (ems && !t.s.config.offerExtendedMasterSecret) return fail(t, AlertDescription.unsupportedExtension);
  if (!ems && t.s.config.requireExtendedMasterSecret) return fail(t, AlertDescription.handshakeFailure);
  appendPeerMessage(t, HandshakeType.serverHello, messageSeq, body);
  t.set({ phase: 'awaitServerHelloDone', suite, serverRandom: sh.random, extendedMasterSecret: ems });
}

function onServerKeyExchange(t: T, e: MachineEvent): void {
  const { body, messageSeq } = message(e);
  // The hint does not choose our key: a client of ciotsec knows its identity (D-010).
  if (parseServerKeyExchangePsk(body) instanceof DtlsDecodeError)
    return fail(t, AlertDescription.decodeError);
  appendPeerMessage(t, HandshakeType.serverKeyExchange, messageSeq, body);
}

// RFC 6347 §4.2.4 flight 4 → 5: ClientKeyExchange, ChangeCipherSpec, Finished.
function onServerHelloDone(t: T, e: MachineEvent): void {
  const { body, messageSeq } = message(e);
  if (parseServerHelloDone(body) instanceof DtlsDecodeError) return fail(t, AlertDescription.decodeError);
  const suite = t.s.suite;
  if (suite === undefined) return fail(t, AlertDescription.internalError);
  appendPeerMessage(t, HandshakeType.serverHelloDone, messageSeq, body);
  const cke = ourMessage(
    t,
    HandshakeType.clientKeyExchange,
    serializeClientKeyExchangePsk({ pskIdentity: t.s.config.pskIdentity }),
  );
  const sessionHash = t.s.extendedMasterSecret ? transcriptHash(t.s) : undefined;
  const master = masterSecret(
    pskPremasterSecret(t.s.config.psk),
    t.s.clientRandom,
    t.s.serverRandom,
    sessionHash,
  );
  const keys = deriveKeyBlock(suite, master, t.s.clientRandom, t.s.serverRandom);
  t.set({ masterSecret: master, rl: { ...t.s.rl, suite, writeKeys: keys.client, readKeys: keys.server } });
  const finished = ourMessage(
    t,
    HandshakeType.finished,
    verifyData(master, 'client', transcriptHash(t.s)),
    1,
  );
  t.set({ phase: 'awaitFinished', rl: { ...t.s.rl, writeEpoch: 1 } });
  sendFlight(t, [cke, { kind: 'changeCipherSpec' }, finished], true);
}

function onChangeCipherSpec(t: T): void {
  t.set({ peerCcs: true });
  replayDeferred(clientHooks, t);
}

function onFinished(t: T, e: MachineEvent): void {
  const { body, epoch } = message(e);
  const master = t.s.masterSecret;
  if (epoch !== 1 || master === undefined) return fail(t, AlertDescription.unexpectedMessage);
  const fin = parseFinished(body);
  if (fin instanceof DtlsDecodeError) return fail(t, AlertDescription.decodeError);
  if (!verifyDataMatches(verifyData(master, 'server', transcriptHash(t.s)), fin.verifyData))
    return fail(t, AlertDescription.decryptError);
  t.emit({ type: 'clearTimer' });
  t.set({ flight: [] });
  becomeEstablished(t);
}

function refuseRenegotiation(t: T): void {
  warn(t, AlertDescription.noRenegotiation);
}

/** The client's transitions (RFC 6347 §4.2.4 Figure 1, client side). */
export const clientTransitions: TransitionTable<ClientPhase, ClientState> = {
  start: {},
  awaitServerHello: {
    helloVerifyRequest: onHelloVerifyRequest,
    serverHello: onServerHello,
    timeout: onRetransmitTimer,
  },
  awaitServerHelloDone: {
    serverKeyExchange: onServerKeyExchange,
    serverHelloDone: onServerHelloDone,
    timeout: onRetransmitTimer,
  },
  awaitFinished: { changeCipherSpec: onChangeCipherSpec, finished: onFinished, timeout: onRetransmitTimer },
  established: { helloRequest: refuseRenegotiation },
  closed: {},
};

const clientHooks: RoleHooks<ClientPhase, ClientState> = {
  table: clientTransitions,
  onRetransmittedFlight(t) {
    // The server sent flight 4 again: our flight 5 was lost.
    if (t.s.phase === 'awaitFinished') retransmitOnce(t);
  },
};

/** Flight 1: the first ClientHello, without a cookie. */
export function startClient(state: ClientState): StepResult<ClientState> {
  const t = new Step(state);
  if (t.s.phase !== 'start') return { state, outputs: [] };
  const clientRandom = t.s.config.random(32);
  t.set({ phase: 'awaitServerHello', clientRandom });
  sendHello(t, {
    clientVersion: DTLS_1_2,
    random: clientRandom,
    sessionId: Buffer.alloc(0),
    cookie: Buffer.alloc(0),
    cipherSuites: t.s.config.cipherSuites.map((n) => CipherSuites[n].id),
    compressionMethods: [0],
    extensions: [
      ...(t.s.config.offerExtendedMasterSecret
        ? [{ type: ExtensionType.extendedMasterSecret, data: Buffer.alloc(0) }]
        : []),
      { type: ExtensionType.renegotiationInfo, data: Buffer.from([0]) },
    ],
  });
  return { state: t.s, outputs: t.out };
}

/**
 * The client machine: `step(state, input) → { state, outputs }`; start it with `startClient`.
 *
 * @example
 * let { state, outputs } = startClient(createClientState(config)); // outputs: send(ClientHello), setTimer
 */
export function clientStep(state: ClientState, input: DtlsInput): StepResult<ClientState> {
  const t = new Step(state);
  switch (input.type) {
    case 'datagram':
      onDatagram(clientHooks, t, input.data);
      break;
    case 'timeout':
      dispatch(clientHooks, t, { name: 'timeout' });
      break;
    case 'psk':
    case 'pskError':
      break;
    case 'send':
      if (t.s.phase === 'established') sendApplicationData(t, input.data);
      break;
    case 'close':
      // RFC 5246 §7.2.1: close_notify, also mid-handshake so that the peer stops retransmitting.
      if (t.s.phase !== 'closed' && t.s.phase !== 'start') warn(t, AlertDescription.closeNotify);
      if (t.s.phase !== 'closed') close(t, 'local');
      break;
  }
  return { state: t.s, outputs: t.out };
}

// DTLS 1.2 (RFC 6347) with PSK (RFC 4279): pure codecs and machines; udp/ holds the sockets.
export {
  ContentType,
  HandshakeType,
  AlertDescription,
  AlertLevel,
  DTLS_1_0,
  DTLS_1_2,
  alertName,
} from './constants.js';
export { DtlsDecodeError, DtlsAlertError, DtlsTimeoutError, DtlsClosedError } from './errors.js';
export { type DtlsRecord, parseRecord, parseRecords, serializeRecord } from './record/record.js';
export {
  type ReplayWindow,
  REPLAY_WINDOW_SIZE,
  emptyReplayWindow,
  isFresh,
  accept,
} from './record/replay-window.js';
export { type RecordLayer, initialRecordLayer, encodeRecord, decodeRecord } from './record/record-layer.js';
export {
  type HandshakeFragment,
  parseHandshakeFragments,
  serializeHandshakeFragment,
  serializeHandshakeMessage,
  fragmentHandshakeMessage,
} from './handshake/header.js';
export { type HandshakeReceiver, type HandshakeMessage, receiveFragments } from './handshake/reassembler.js';
export { type Extension } from './handshake/extensions.js';
export {
  type ClientHello,
  parseClientHello,
  serializeClientHello,
} from './handshake/messages/client-hello.js';
export {
  type HelloVerifyRequest,
  parseHelloVerifyRequest,
  serializeHelloVerifyRequest,
} from './handshake/messages/hello-verify-request.js';
export {
  type ServerHello,
  parseServerHello,
  serializeServerHello,
} from './handshake/messages/server-hello.js';
export {
  type ServerKeyExchangePsk,
  parseServerKeyExchangePsk,
  serializeServerKeyExchangePsk,
} from './handshake/messages/server-key-exchange.js';
export { parseServerHelloDone, serializeServerHelloDone } from './handshake/messages/server-hello-done.js';
export {
  type ClientKeyExchangePsk,
  parseClientKeyExchangePsk,
  serializeClientKeyExchangePsk,
} from './handshake/messages/client-key-exchange.js';
export { type Finished, parseFinished, serializeFinished } from './handshake/messages/finished.js';
export { prf, pskPremasterSecret, masterSecret, verifyData } from './cipher/prf.js';
export {
  type CipherSuite,
  type CipherSuiteName,
  CipherSuites,
  DEFAULT_CIPHER_SUITES,
  cipherSuiteById,
} from './cipher/suites.js';
export { type DirectionKeys, type KeyBlock, deriveKeyBlock } from './cipher/keys.js';
export { sealFragment, openFragment } from './cipher/aead.js';
export {
  type CookieSecrets,
  COOKIE_LENGTH,
  initialCookieSecrets,
  rotateCookieSecrets,
  makeCookie,
  verifyCookie,
} from './cookie.js';
export { type Screening, screenDatagram } from './cookie-exchange.js';
export {
  type PskIdentity,
  encodePskIdentity,
  parsePskIdentity,
  pskIdentityMatches,
  identityDigest,
  COMPACT_PSK_IDENTITY_LIMIT,
} from './psk-identity.js';
export {
  type DtlsInput,
  type DtlsOutput,
  type MachineConfig,
  type StepResult,
  DEFAULT_MACHINE_CONFIG,
} from './machine-types.js';
export {
  type ServerPhase,
  type ServerConfig,
  type ServerState,
  DEFAULT_SERVER_OPTIONS,
  createServerState,
  serverStep,
  serverTransitions,
} from './server-machine.js';
export {
  type ClientPhase,
  type ClientConfig,
  type ClientState,
  DEFAULT_CLIENT_OPTIONS,
  createClientState,
  startClient,
  clientStep,
  clientTransitions,
} from './client-machine.js';
export { dtlsChannels } from './events.js';
export {
  type DtlsServerOptions,
  type DtlsServer,
  DtlsServerSession,
  createDtlsServer,
} from './udp/server.js';
export { type ConnectDtlsOptions, DtlsClientConnection, connectDtls } from './udp/client.js';

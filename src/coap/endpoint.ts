import { CoapCode, CoapOptionNumber, CoapType } from './constants.js';
import { CoapDecodeError } from './errors.js';
import {
  type CoapMessage,
  type CoapOption,
  coapUriPath,
  parseCoapMessage,
  serializeCoapMessage,
  uintOption,
} from './message.js';

/** A request as resources see it. */
export interface CoapRequest {
  readonly method: number;
  readonly path: string;
  readonly contentFormat: number | undefined;
  readonly payload: Buffer;
}

export interface CoapResponse {
  readonly code: number;
  readonly contentFormat?: number;
  readonly payload?: Buffer;
}

/** The resources: synchronous, so that the endpoint stays a pure step over its state. */
export type CoapHandler = (request: CoapRequest) => CoapResponse;

/** Per-peer state of a CoAP server endpoint: recent message ids (RFC 7252 §4.5) and the next own id. */
export interface CoapServerState {
  readonly recent: readonly {
    readonly messageId: number;
    readonly at: number;
    readonly reply: Buffer | undefined;
  }[];
  readonly nextMessageId: number;
}

/** RFC 7252 §4.8.2 EXCHANGE_LIFETIME with the default transmission parameters. */
export const EXCHANGE_LIFETIME_MS = 247_000;
/** Ids remembered per peer; a constrained device has few requests in flight. */
export const DEDUP_ENTRIES = 32;

export function createCoapServerState(random: (n: number) => Buffer): CoapServerState {
  return { recent: [], nextMessageId: random(2).readUInt16BE(0) };
}

export interface CoapServerStep {
  readonly state: CoapServerState;
  /** Datagrams to send back to the peer. */
  readonly outputs: readonly Buffer[];
  /** Whether the handler ran (false for duplicates, ACK/RST, rejects). */
  readonly handled: boolean;
}

const reset = (messageId: number): Buffer =>
  serializeCoapMessage({
    type: CoapType.RST,
    code: CoapCode.EMPTY,
    messageId,
    token: Buffer.alloc(0),
    options: [],
    payload: Buffer.alloc(0),
  });

/**
 * One datagram into a CoAP server endpoint (RFC 7252 §4, §5): CON requests get a piggybacked ACK, NON
 * requests a NON response, duplicates within EXCHANGE_LIFETIME the same reply again without running the
 * handler, malformed CON messages and pings a RST; ACK and RST from the peer are ignored.
 */
export function coapServerStep(
  state: CoapServerState,
  input: { readonly datagram: Uint8Array; readonly now: number },
  handler: CoapHandler,
): CoapServerStep {
  const recent = state.recent.filter((r) => input.now - r.at < EXCHANGE_LIFETIME_MS);
  const m = parseCoapMessage(input.datagram);
  if (m instanceof CoapDecodeError) {
    // §4.2: a CON that cannot be processed is rejected with RST, if its header is readable.
    const d = input.datagram;
    const con = d.length >= 4 && d[0]! >> 6 === 1 && ((d[0]! >> 4) & 3) === CoapType.CON;
    return {
      state: { ...state, recent },
      outputs: con ? [reset((d[2]! << 8) | d[3]!)] : [],
      handled: false,
    };
  }
  if (m.type === CoapType.ACK || m.type === CoapType.RST)
    return { state: { ...state, recent }, outputs: [], handled: false };
  const seen = recent.find((r) => r.messageId === m.messageId);
  if (seen !== undefined)
    return {
      state: { ...state, recent },
      outputs: seen.reply === undefined ? [] : [seen.reply],
      handled: false,
    };
  const remember = (reply: Buffer | undefined, nextMessageId = state.nextMessageId): CoapServerState => ({
    nextMessageId,
    recent: [...recent, { messageId: m.messageId, at: input.now, reply }].slice(-DEDUP_ENTRIES),
  });
  // §4.3: an Empty CON is a ping; a response where a request belongs is rejected as well.
  if (m.code === CoapCode.EMPTY || m.code >> 5 !== 0) {
    const reply = m.type === CoapType.CON ? reset(m.messageId) : undefined;
    return { state: remember(reply), outputs: reply === undefined ? [] : [reply], handled: false };
  }
  const cf = m.options.find((o) => o.number === CoapOptionNumber.CONTENT_FORMAT);
  const response = handler({
    method: m.code,
    path: coapUriPath(m),
    contentFormat: cf === undefined ? undefined : cf.value.reduce((a, x) => a * 256 + x, 0),
    payload: m.payload,
  });
  const options: CoapOption[] =
    response.contentFormat === undefined
      ? []
      : [uintOption(CoapOptionNumber.CONTENT_FORMAT, response.contentFormat)];
  const con = m.type === CoapType.CON;
  const reply: CoapMessage = {
    type: con ? CoapType.ACK : CoapType.NON,
    code: response.code,
    messageId: con ? m.messageId : state.nextMessageId,
    token: m.token,
    options,
    payload: response.payload ?? Buffer.alloc(0),
  };
  const bytes = serializeCoapMessage(reply);
  return {
    state: remember(bytes, con ? state.nextMessageId : (state.nextMessageId + 1) & 0xffff),
    outputs: [bytes],
    handled: true,
  };
}

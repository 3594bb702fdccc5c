import { constantTimeEqual } from '../crypto/bytes.js';
import { sha256 } from './cipher/prf.js';
import type { CipherSuite } from './cipher/suites.js';
import { AlertDescription, AlertLevel, ContentType, HandshakeType } from './constants.js';
import { DtlsDecodeError } from './errors.js';
import { type FlightItem, frameFlight } from './flight.js';
import { parseHandshakeFragments, serializeHandshakeMessage } from './handshake/header.js';
import { type HandshakeReceiver, bufferedBytes, receiveFragments } from './handshake/reassembler.js';
import type { DtlsOutput, MachineConfig } from './machine-types.js';
import { parseRecords, type DtlsRecord } from './record/record.js';
import { type RecordLayer, decodeRecord, encodeRecord } from './record/record-layer.js';

/** The state both roles share: record layer, handshake layer, current flight, negotiated parameters. */
export interface Association<P extends string> {
  readonly phase: P;
  readonly config: MachineConfig;
  readonly rl: RecordLayer;
  readonly hs: HandshakeReceiver;
  readonly nextSendSeq: number;
  /** Handshake messages so far, as the Finished hash covers them (RFC 6347 §4.2.6). */
  readonly transcript: readonly Buffer[];
  /** Our last flight, for retransmission (RFC 6347 §4.2.4). */
  readonly flight: readonly FlightItem[];
  readonly retransmitMs: number;
  readonly retransmits: number;
  /** Epoch-1 records that came before the keys or the peer's ChangeCipherSpec. */
  readonly deferred: readonly Buffer[];
  readonly peerCcs: boolean;
  readonly suite: CipherSuite | undefined;
  readonly clientRandom: Buffer;
  readonly serverRandom: Buffer;
  readonly extendedMasterSecret: boolean;
  readonly masterSecret: Buffer | undefined;
  readonly pskIdentity: Buffer;
}

/** Events the transition tables are keyed by. */
export type MachineEvent =
  | {
      readonly name: 'message';
      readonly msgType: number;
      readonly messageSeq: number;
      readonly body: Buffer;
      readonly epoch: 0 | 1;
    }
  | { readonly name: 'changeCipherSpec' }
  | { readonly name: 'timeout' }
  | { readonly name: 'psk'; readonly psk: Buffer | undefined }
  | { readonly name: 'pskError' };

export type EventKey = keyof typeof HandshakeType | 'changeCipherSpec' | 'timeout' | 'psk' | 'pskError';

export type Handler<S extends Association<string>> = (t: Step<S>, e: MachineEvent) => void;
/** One row per phase: the events it accepts. A handshake message with no entry is unexpected_message. */
export type TransitionTable<P extends string, S extends Association<string>> = {
  readonly [K in P]: Partial<Record<EventKey, Handler<S>>>;
};

const handshakeTypeNames = new Map<number, keyof typeof HandshakeType>(
  Object.entries(HandshakeType).map(([k, v]) => [v, k as keyof typeof HandshakeType]),
);

export function eventKey(e: MachineEvent): EventKey | undefined {
  return e.name === 'message' ? handshakeTypeNames.get(e.msgType) : e.name;
}

/** The working copy of one step: state replaced field by field, outputs appended. */
export class Step<S extends Association<string>> {
  readonly out: DtlsOutput[] = [];
  retransmittedFlight = false;
  constructor(public s: S) {}
  set(patch: Partial<S>): void {
    this.s = { ...this.s, ...patch };
  }
  /** Patches the fields every role has; the role-specific ones are untouched, so the result is still S. */
  core(patch: Partial<Association<string>>): void {
    this.s = { ...this.s, ...patch } as S;
  }
  emit(o: DtlsOutput): void {
    this.out.push(o);
  }
}

type A = Association<string>;

/** Appends a message of ours to the transcript and returns it as a flight item (next message_seq). */
export function ourMessage<S extends A>(
  t: Step<S>,
  msgType: number,
  body: Buffer,
  epoch: 0 | 1 = 0,
): FlightItem {
  const messageSeq = t.s.nextSendSeq;
  t.core({
    nextSendSeq: messageSeq + 1,
    transcript: [...t.s.transcript, serializeHandshakeMessage(msgType, messageSeq, body)],
  });
  return { kind: 'handshake', epoch, msgType, messageSeq, body };
}

export function appendPeerMessage<S extends A>(
  t: Step<S>,
  msgType: number,
  messageSeq: number,
  body: Buffer,
): void {
  t.core({ transcript: [...t.s.transcript, serializeHandshakeMessage(msgType, messageSeq, body)] });
}

export function transcriptHash(s: A): Buffer {
  return sha256(...s.transcript);
}

/** Sends a new flight; `timer`: we expect an answer and retransmit until it comes (RFC 6347 §4.2.4). */
export function sendFlight<S extends A>(t: Step<S>, flight: FlightItem[], timer: boolean): void {
  t.core({ flight, retransmits: 0, retransmitMs: t.s.config.initialRetransmitMs });
  transmit(t);
  t.emit(timer ? { type: 'setTimer', ms: t.s.config.initialRetransmitMs } : { type: 'clearTimer' });
}

function transmit<S extends A>(t: Step<S>): void {
  const framed = frameFlight(t.s.rl, t.s.flight, t.s.config.mtu);
  if (framed === undefined) return;
  t.core({ rl: framed.rl });
  for (const d of framed.datagrams) t.emit({ type: 'send', datagram: d });
}

/** The peer sent its previous flight again: ours was lost, resend it once per datagram (RFC 6347 §4.2.4). */
export function retransmitOnce<S extends A>(t: Step<S>): void {
  if (t.retransmittedFlight || t.s.flight.length === 0) return;
  t.retransmittedFlight = true;
  transmit(t);
}

/** Timer expiry while waiting for the peer's flight: back off exponentially, give up after the limit. */
export function onRetransmitTimer<S extends A>(t: Step<S>): void {
  if (t.s.retransmits >= t.s.config.maxRetransmits) {
    close(t, 'timeout');
    return;
  }
  const retransmitMs = Math.min(t.s.retransmitMs * 2, t.s.config.maxRetransmitMs);
  t.core({ retransmits: t.s.retransmits + 1, retransmitMs });
  transmit(t);
  t.emit({ type: 'setTimer', ms: retransmitMs });
}

function sendAlert<S extends A>(t: Step<S>, level: number, description: number): void {
  const r = encodeRecord(t.s.rl, t.s.rl.writeEpoch, ContentType.alert, Buffer.from([level, description]));
  if (r === undefined) return;
  t.core({ rl: r.rl });
  t.emit({ type: 'send', datagram: r.bytes });
  t.emit({ type: 'alert', description, fatal: level === AlertLevel.fatal, sent: true });
}

/** Ends the association and forgets its secrets and buffers. */
export function close<S extends A>(t: Step<S>, reason: 'close_notify' | 'alert' | 'timeout' | 'local'): void {
  t.core({
    phase: 'closed',
    flight: [],
    transcript: [],
    deferred: [],
    masterSecret: undefined,
    hs: { nextReceiveSeq: t.s.hs.nextReceiveSeq, partials: [] },
    rl: { ...t.s.rl, writeKeys: undefined, readKeys: undefined },
  });
  t.emit({ type: 'clearTimer' });
  t.emit({ type: 'closed', reason });
}

/** Sends a fatal alert and closes (RFC 5246 §7.2.2). */
export function fail<S extends A>(t: Step<S>, description: number): void {
  sendAlert(t, AlertLevel.fatal, description);
  close(t, 'alert');
}

export function warn<S extends A>(t: Step<S>, description: number): void {
  sendAlert(t, AlertLevel.warning, description);
}

/** Both Finished checks compare in constant time (STYLE.md). */
export function verifyDataMatches(expected: Buffer, received: Buffer): boolean {
  return constantTimeEqual(expected, received);
}

/** Leaves the handshake: forget what only the handshake needed, keep the last flight (server). */
export function becomeEstablished<S extends A>(t: Step<S>): void {
  t.core({
    phase: 'established',
    transcript: [],
    deferred: [],
    masterSecret: undefined,
    hs: { nextReceiveSeq: t.s.hs.nextReceiveSeq, partials: [] },
  });
  t.emit({
    type: 'established',
    cipherSuite: t.s.suite?.name ?? '',
    pskIdentity: t.s.pskIdentity,
    extendedMasterSecret: t.s.extendedMasterSecret,
  });
}

export interface RoleHooks<P extends string, S extends Association<P>> {
  readonly table: TransitionTable<P, S>;
  /** The peer retransmitted a flight we already processed. */
  onRetransmittedFlight(t: Step<S>): void;
}

/** Runs one table event: a handshake message no row accepts is unexpected_message; other events are ignored. */
export function dispatch<P extends string, S extends Association<P>>(
  hooks: RoleHooks<P, S>,
  t: Step<S>,
  e: MachineEvent,
): void {
  if (t.s.phase === 'closed') return;
  const key = eventKey(e);
  const handler = key === undefined ? undefined : hooks.table[t.s.phase][key];
  if (handler !== undefined) handler(t, e);
  else if (e.name === 'message') fail(t, AlertDescription.unexpectedMessage);
}

/** Processes one datagram: records in order, each through the record layer, then by content type. */
export function onDatagram<P extends string, S extends Association<P>>(
  hooks: RoleHooks<P, S>,
  t: Step<S>,
  datagram: Buffer,
): void {
  // RFC 6347 §4.1.2.7: records that do not parse are dropped; the ones before them still count.
  for (const record of parseRecords(datagram).records) {
    if (t.s.phase === 'closed') return;
    onRecord(hooks, t, record);
  }
}

function deferredBytes(s: A): number {
  return s.deferred.reduce((n, d) => n + d.length, 0) + bufferedBytes(s.hs);
}

function onRecord<P extends string, S extends Association<P>>(
  hooks: RoleHooks<P, S>,
  t: Step<S>,
  record: DtlsRecord,
): void {
  const established = t.s.phase === 'established';
  // Epoch 1 before the peer's ChangeCipherSpec (reordered) or before our keys (PSK lookup pending): keep.
  if (record.epoch === 1 && !established && (!t.s.peerCcs || t.s.rl.readKeys === undefined)) {
    const raw = Buffer.concat([header(record), record.fragment]);
    if (deferredBytes(t.s) + raw.length <= t.s.config.maxBufferedBytes && t.s.deferred.length < 8)
      t.core({ deferred: [...t.s.deferred, raw] });
    return;
  }
  const d = decodeRecord(t.s.rl, record);
  if (d.kind === 'drop' || d.kind === 'early') return;
  if (d.kind === 'badMac') {
    // During the handshake a record that fails to authenticate means the PSKs differ: tell the peer.
    // Once established, RFC 6347 §4.1.2.7: discard silently (anyone can send us garbage).
    if (!established) fail(t, AlertDescription.badRecordMac);
    return;
  }
  t.core({ rl: d.rl });
  switch (d.type) {
    case ContentType.alert:
      onAlert(t, d.plaintext);
      return;
    case ContentType.changeCipherSpec:
      if (d.plaintext.length === 1 && d.plaintext[0] === 1 && !t.s.peerCcs) {
        dispatch(hooks, t, { name: 'changeCipherSpec' });
      }
      return;
    case ContentType.applicationData:
      if (established && d.epoch === 1) t.emit({ type: 'deliver', data: d.plaintext });
      return;
    case ContentType.handshake:
      onHandshake(hooks, t, d.plaintext, d.epoch);
      return;
  }
}

function header(r: DtlsRecord): Buffer {
  const h = Buffer.alloc(13);
  h[0] = r.type;
  h.writeUInt16BE(r.version, 1);
  h.writeUInt16BE(r.epoch, 3);
  h.writeUIntBE(r.sequenceNumber, 5, 6);
  h.writeUInt16BE(r.fragment.length, 11);
  return h;
}

function onAlert<S extends A>(t: Step<S>, plaintext: Buffer): void {
  if (plaintext.length !== 2) return;
  const [level, description] = [plaintext[0]!, plaintext[1]!];
  const fatal = level === AlertLevel.fatal;
  t.emit({ type: 'alert', description, fatal, sent: false });
  if (description === AlertDescription.closeNotify) close(t, 'close_notify');
  else if (fatal) close(t, 'alert');
}

function onHandshake<P extends string, S extends Association<P>>(
  hooks: RoleHooks<P, S>,
  t: Step<S>,
  plaintext: Buffer,
  epoch: 0 | 1,
): void {
  const fragments = parseHandshakeFragments(plaintext);
  if (fragments instanceof DtlsDecodeError) return;
  const room = t.s.config.maxBufferedBytes - t.s.deferred.reduce((n, d) => n + d.length, 0);
  const r = receiveFragments(t.s.hs, fragments, room);
  if (r.error !== undefined) {
    if (r.error === 'inconsistent') fail(t, AlertDescription.illegalParameter);
    return; // overflow: drop the record; the peer retransmits
  }
  t.core({ hs: r.h });
  if (r.retransmitted) hooks.onRetransmittedFlight(t);
  for (const m of r.messages) {
    if (t.s.phase === 'closed') return;
    dispatch(hooks, t, {
      name: 'message',
      msgType: m.msgType,
      messageSeq: m.messageSeq,
      body: m.body,
      epoch,
    });
  }
}

/** Re-runs records kept for later (now that keys or ChangeCipherSpec are there). */
export function replayDeferred<P extends string, S extends Association<P>>(
  hooks: RoleHooks<P, S>,
  t: Step<S>,
): void {
  const kept = t.s.deferred;
  t.core({ deferred: [] });
  for (const raw of kept) onDatagram(hooks, t, raw);
}

/** Application data out (established only). */
export function sendApplicationData<S extends A>(t: Step<S>, data: Buffer): void {
  const r = encodeRecord(t.s.rl, 1, ContentType.applicationData, data);
  if (r === undefined) return;
  t.core({ rl: r.rl });
  t.emit({ type: 'send', datagram: r.bytes });
}

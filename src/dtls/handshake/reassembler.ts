import type { HandshakeFragment } from './header.js';

/**
 * Handshake reassembly (RFC 6347 §4.2.3): fragments of one message may arrive out of order, overlap or
 * repeat. Immutable state; `bufferedBytes` lets the machine bound what one handshake may hold.
 */
export interface PartialMessage {
  readonly msgType: number;
  readonly messageSeq: number;
  readonly length: number;
  readonly body: Buffer;
  /** Covered byte ranges [start, end), sorted and merged. */
  readonly ranges: readonly (readonly [number, number])[];
}

/** Adds a fragment; `undefined` when it disagrees with the message's type, length or sequence. */
export function addFragment(m: PartialMessage, f: HandshakeFragment): PartialMessage | undefined {
  if (f.msgType !== m.msgType || f.length !== m.length || f.messageSeq !== m.messageSeq) return undefined;
  const body = Buffer.from(m.body);
  f.body.copy(body, f.fragmentOffset);
  return {
    ...m,
    body,
    ranges: mergeRanges([...m.ranges, [f.fragmentOffset, f.fragmentOffset + f.body.length]]),
  };
}

export function startMessage(f: HandshakeFragment): PartialMessage {
  return {
    msgType: f.msgType,
    messageSeq: f.messageSeq,
    length: f.length,
    body: Buffer.alloc(f.length),
    ranges: [],
  };
}

export function isComplete(m: PartialMessage): boolean {
  const first = m.ranges[0];
  return (
    m.length === 0 ||
    (m.ranges.length === 1 && first !== undefined && first[0] === 0 && first[1] === m.length)
  );
}

function mergeRanges(ranges: (readonly [number, number])[]): (readonly [number, number])[] {
  const sorted = ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** A complete handshake message, in order. */
export interface HandshakeMessage {
  readonly msgType: number;
  readonly messageSeq: number;
  readonly body: Buffer;
}

/** The receiving side of the handshake layer: next expected message_seq and messages in progress. */
export interface HandshakeReceiver {
  readonly nextReceiveSeq: number;
  readonly partials: readonly PartialMessage[];
}

/** How far ahead of next_receive_seq fragments are kept (RFC 6347 §4.2.2 lets a receiver choose). */
const LOOKAHEAD = 4;

export function bufferedBytes(h: HandshakeReceiver): number {
  return h.partials.reduce((n, p) => n + p.length, 0);
}

/**
 * RFC 6347 §4.2.2: fragments of earlier messages mark a retransmitted flight; fragments of the next
 * messages are reassembled; complete messages come out in message_seq order. `maxBufferedBytes` bounds
 * what a peer can make this handshake hold.
 */
export function receiveFragments(
  h: HandshakeReceiver,
  fragments: readonly HandshakeFragment[],
  maxBufferedBytes: number,
): {
  h: HandshakeReceiver;
  messages: HandshakeMessage[];
  retransmitted: boolean;
  error?: 'overflow' | 'inconsistent';
} {
  let partials = [...h.partials];
  let retransmitted = false;
  for (const f of fragments) {
    if (f.messageSeq < h.nextReceiveSeq) {
      retransmitted = true;
      continue;
    }
    if (f.messageSeq >= h.nextReceiveSeq + LOOKAHEAD) continue;
    const i = partials.findIndex((p) => p.messageSeq === f.messageSeq);
    const base = i >= 0 ? partials[i]! : startMessage(f);
    if (i < 0 && bufferedBytes({ nextReceiveSeq: 0, partials }) + f.length > maxBufferedBytes)
      return { h, messages: [], retransmitted, error: 'overflow' };
    const next = addFragment(base, f);
    if (next === undefined) return { h, messages: [], retransmitted, error: 'inconsistent' };
    partials = i >= 0 ? partials.map((p, j) => (j === i ? next : p)) : [...partials, next];
  }
  const messages: HandshakeMessage[] = [];
  let nextReceiveSeq = h.nextReceiveSeq;
  for (;;) {
    const p = partials.find((x) => x.messageSeq === nextReceiveSeq);
    if (p === undefined || !isComplete(p)) break;
    messages.push({ msgType: p.msgType, messageSeq: p.messageSeq, body: p.body });
    partials = partials.filter((x) => x !== p);
    nextReceiveSeq++;
  }
  return { h: { nextReceiveSeq, partials }, messages, retransmitted };
}

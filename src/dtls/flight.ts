import { ContentType, RECORD_HEADER_LENGTH } from './constants.js';
import { fragmentHandshakeMessage, serializeHandshakeFragment } from './handshake/header.js';
import { type RecordLayer, encodeRecord } from './record/record-layer.js';

/** One message of a flight, kept so that a retransmission can re-frame it with fresh record numbers. */
export type FlightItem =
  | {
      readonly kind: 'handshake';
      readonly epoch: 0 | 1;
      readonly msgType: number;
      readonly messageSeq: number;
      readonly body: Buffer;
    }
  | { readonly kind: 'changeCipherSpec' };

/** AEAD expansion at epoch 1: explicit nonce and the longest tag. */
const EPOCH1_OVERHEAD = 8 + 16;

/**
 * Frames a flight into datagrams of at most `mtu` bytes (RFC 6347 §4.1.1.1), fragmenting handshake
 * messages that do not fit (§4.2.3). Every call takes fresh sequence numbers (§4.2.4: a retransmission is
 * new records).
 */
export function frameFlight(
  rl: RecordLayer,
  flight: readonly FlightItem[],
  mtu: number,
): { rl: RecordLayer; datagrams: Buffer[] } | undefined {
  const records: Buffer[] = [];
  let cur = rl;
  for (const item of flight) {
    if (item.kind === 'changeCipherSpec') {
      const r = encodeRecord(cur, 0, ContentType.changeCipherSpec, Buffer.from([1]));
      if (r === undefined) return undefined;
      cur = r.rl;
      records.push(r.bytes);
      continue;
    }
    const room = mtu - RECORD_HEADER_LENGTH - (item.epoch === 1 ? EPOCH1_OVERHEAD : 0);
    for (const f of fragmentHandshakeMessage(item.msgType, item.messageSeq, item.body, room)) {
      const r = encodeRecord(cur, item.epoch, ContentType.handshake, serializeHandshakeFragment(f));
      if (r === undefined) return undefined;
      cur = r.rl;
      records.push(r.bytes);
    }
  }
  const datagrams: Buffer[] = [];
  let pending: Buffer[] = [];
  let size = 0;
  for (const r of records) {
    if (size + r.length > mtu && pending.length > 0) {
      datagrams.push(Buffer.concat(pending));
      pending = [];
      size = 0;
    }
    pending.push(r);
    size += r.length;
  }
  if (pending.length > 0) datagrams.push(Buffer.concat(pending));
  return { rl: cur, datagrams };
}

import type { Reader } from '../bytes.js';
import { decode, uint } from '../bytes.js';
import { HANDSHAKE_HEADER_LENGTH } from '../constants.js';
import { DtlsDecodeError } from '../errors.js';

/** One handshake fragment as carried in a record (RFC 6347 §4.2.2, §4.2.3). */
export interface HandshakeFragment {
  readonly msgType: number;
  /** Length of the whole message body. */
  readonly length: number;
  readonly messageSeq: number;
  readonly fragmentOffset: number;
  readonly body: Buffer;
}

/** Parses the handshake fragments of one record's plaintext (a record may carry several). */
export function parseHandshakeFragments(fragment: Uint8Array): HandshakeFragment[] | DtlsDecodeError {
  return decode('Handshake', fragment, (r: Reader) => {
    const out: HandshakeFragment[] = [];
    while (r.remaining > 0) {
      const msgType = r.u8();
      const length = r.u24();
      const messageSeq = r.u16();
      const fragmentOffset = r.u24();
      const body = r.vector(3);
      if (fragmentOffset + body.length > length)
        throw new DtlsDecodeError('Handshake', 'fragment beyond the message length');
      out.push({ msgType, length, messageSeq, fragmentOffset, body });
    }
    return out;
  });
}

export function serializeHandshakeFragment(f: HandshakeFragment): Buffer {
  return Buffer.concat([
    Buffer.from([f.msgType]),
    uint(f.length, 3),
    uint(f.messageSeq, 2),
    uint(f.fragmentOffset, 3),
    uint(f.body.length, 3),
    f.body,
  ]);
}

/**
 * A whole message in the form the handshake hash covers (RFC 6347 §4.2.6): the DTLS header with
 * fragment_offset 0 and fragment_length = length, as if it had been sent in one piece.
 */
export function serializeHandshakeMessage(msgType: number, messageSeq: number, body: Uint8Array): Buffer {
  return serializeHandshakeFragment({
    msgType,
    length: body.length,
    messageSeq,
    fragmentOffset: 0,
    body: Buffer.from(body),
  });
}

/**
 * Splits a message into fragments whose serialized form is at most `maxFragment` bytes
 * (RFC 6347 §4.2.3: each fragment must fit in one datagram).
 */
export function fragmentHandshakeMessage(
  msgType: number,
  messageSeq: number,
  body: Uint8Array,
  maxFragment: number,
): HandshakeFragment[] {
  const room = Math.max(1, maxFragment - HANDSHAKE_HEADER_LENGTH);
  const out: HandshakeFragment[] = [];
  let offset = 0;
  do {
    const piece = Buffer.from(body.subarray(offset, offset + room));
    out.push({ msgType, length: body.length, messageSeq, fragmentOffset: offset, body: piece });
    offset += piece.length;
  } while (offset < body.length);
  return out;
}

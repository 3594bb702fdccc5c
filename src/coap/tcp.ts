import { CoapDecodeError } from './errors.js';
import { type CoapOption, parseCoapMessage, serializeCoapMessage } from './message.js';

/** A CoAP message over a reliable transport (RFC 8323 §3.2): no type and no message id. */
export interface CoapTcpMessage {
  readonly code: number;
  readonly token: Buffer;
  readonly options: readonly CoapOption[];
  readonly payload: Buffer;
}

/** RFC 8323 §5: signaling codes 7.01 CSM, 7.02 Ping, 7.03 Pong, 7.04 Release, 7.05 Abort. */
export const CoapSignal = { CSM: 0xe1, PING: 0xe2, PONG: 0xe3, RELEASE: 0xe4, ABORT: 0xe5 } as const;

/** Frames above this are refused (the EMSE's measurements are small). */
export const COAP_TCP_MAX_FRAME = 65_536;

/**
 * Parses one frame from the start of `b` (RFC 8323 §3.2): `more` when incomplete.
 *
 * @example
 * const r = parseCoapTcpFrame(buffered);
 * if (r !== 'more' && !(r instanceof CoapDecodeError)) buffered = buffered.subarray(r.consumed);
 */
export function parseCoapTcpFrame(
  b: Buffer,
): { message: CoapTcpMessage; consumed: number } | 'more' | CoapDecodeError {
  if (b.length < 1) return 'more';
  const lenNibble = b[0]! >> 4;
  const tkl = b[0]! & 0x0f;
  if (tkl > 8) return new CoapDecodeError(`token length ${tkl} is reserved`);
  const extBytes = lenNibble === 13 ? 1 : lenNibble === 14 ? 2 : lenNibble === 15 ? 4 : 0;
  if (b.length < 1 + extBytes) return 'more';
  const len =
    lenNibble === 13
      ? b[1]! + 13
      : lenNibble === 14
        ? b.readUInt16BE(1) + 269
        : lenNibble === 15
          ? b.readUInt32BE(1) + 65805
          : lenNibble;
  if (len > COAP_TCP_MAX_FRAME) return new CoapDecodeError('frame too large');
  const total = 1 + extBytes + 1 + tkl + len;
  if (b.length < total) return 'more';
  const code = b[1 + extBytes]!;
  // Reuse the UDP codec for token, options and payload: a synthetic 4-byte header in front.
  const udp = Buffer.concat([
    Buffer.from([0x40 | tkl, code === 0 ? 0xff : code, 0, 0]),
    b.subarray(2 + extBytes, total),
  ]);
  const m = parseCoapMessage(udp);
  if (m instanceof CoapDecodeError) return m;
  return { message: { code, token: m.token, options: m.options, payload: m.payload }, consumed: total };
}

export function serializeCoapTcpFrame(m: CoapTcpMessage): Buffer {
  const udp = serializeCoapMessage({
    type: 0,
    code: m.code,
    messageId: 0,
    token: m.token,
    options: m.options,
    payload: m.payload,
  });
  const body = udp.subarray(4 + m.token.length);
  const len = body.length;
  const head =
    len < 13
      ? Buffer.from([(len << 4) | m.token.length])
      : len < 269
        ? Buffer.from([(13 << 4) | m.token.length, len - 13])
        : len < 65805
          ? Buffer.from([(14 << 4) | m.token.length, (len - 269) >> 8, (len - 269) & 0xff])
          : (() => {
              const h = Buffer.alloc(5);
              h[0] = (15 << 4) | m.token.length;
              h.writeUInt32BE(len - 65805, 1);
              return h;
            })();
  return Buffer.concat([head, Buffer.from([m.code]), m.token, body]);
}

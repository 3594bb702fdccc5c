import { CoapDecodeError } from './errors.js';
import { CoapOptionNumber, type CoapTypeValue } from './constants.js';

/** One option, value as raw bytes (RFC 7252 §3.1). */
export interface CoapOption {
  readonly number: number;
  readonly value: Buffer;
}

/** A CoAP message (RFC 7252 §3). `options` are in the order they travel: by number, stable. */
export interface CoapMessage {
  readonly type: CoapTypeValue;
  readonly code: number;
  readonly messageId: number;
  readonly token: Buffer;
  readonly options: readonly CoapOption[];
  readonly payload: Buffer;
}

const PAYLOAD_MARKER = 0xff;
const MAX_OPTION_NUMBER = 0xffff;

/** RFC 7252 §3.1: a 4-bit nibble plus 0, 1 or 2 extension bytes. */
function readExtended(nibble: number, b: Buffer, at: number): { value: number; at: number } | undefined {
  if (nibble < 13) return { value: nibble, at };
  if (nibble === 13) return at + 1 <= b.length ? { value: b[at]! + 13, at: at + 1 } : undefined;
  if (nibble === 14) return at + 2 <= b.length ? { value: b.readUInt16BE(at) + 269, at: at + 2 } : undefined;
  return undefined; // 15 is reserved (payload marker only)
}

/**
 * Parses one CoAP message; returns CoapDecodeError for anything RFC 7252 calls a message format error.
 *
 * @example
 * const m = parseCoapMessage(datagram);
 * if (!(m instanceof CoapDecodeError)) console.log(coapUriPath(m)); // 'measurements'
 */
export function parseCoapMessage(bytes: Uint8Array): CoapMessage | CoapDecodeError {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 4) return new CoapDecodeError('shorter than the 4-byte header');
  const version = b[0]! >> 6;
  if (version !== 1) return new CoapDecodeError(`version ${version}`);
  const type = ((b[0]! >> 4) & 3) as CoapTypeValue;
  const tkl = b[0]! & 0x0f;
  if (tkl > 8) return new CoapDecodeError(`token length ${tkl} is reserved`);
  const code = b[1]!;
  const messageId = b.readUInt16BE(2);
  if (4 + tkl > b.length) return new CoapDecodeError('token truncated');
  const token = Buffer.from(b.subarray(4, 4 + tkl));
  // RFC 7252 §4.1: an Empty message (0.00) is the header alone.
  if (code === 0 && (tkl !== 0 || b.length !== 4)) return new CoapDecodeError('empty message with content');
  const options: CoapOption[] = [];
  let at = 4 + tkl;
  let number = 0;
  while (at < b.length) {
    const first = b[at]!;
    if (first === PAYLOAD_MARKER) {
      if (at + 1 === b.length) return new CoapDecodeError('payload marker without payload');
      return { type, code, messageId, token, options, payload: Buffer.from(b.subarray(at + 1)) };
    }
    const delta = readExtended(first >> 4, b, at + 1);
    if (delta === undefined) return new CoapDecodeError('option delta truncated or reserved');
    const length = readExtended(first & 0x0f, b, delta.at);
    if (length === undefined) return new CoapDecodeError('option length truncated or reserved');
    number += delta.value;
    if (number > MAX_OPTION_NUMBER) return new CoapDecodeError('option number above 65535');
    if (length.at + length.value > b.length) return new CoapDecodeError('option value truncated');
    options.push({ number, value: Buffer.from(b.subarray(length.at, length.at + length.value)) });
    at = length.at + length.value;
  }
  return { type, code, messageId, token, options, payload: Buffer.alloc(0) };
}

function nibble(v: number): { n: number; ext: Buffer } {
  if (v < 13) return { n: v, ext: Buffer.alloc(0) };
  if (v < 269) return { n: 13, ext: Buffer.from([v - 13]) };
  const ext = Buffer.alloc(2);
  ext.writeUInt16BE(v - 269);
  return { n: 14, ext };
}

/** Serializes a message; options are sorted by number (stable), as RFC 7252 §3.1 requires on the wire. */
export function serializeCoapMessage(m: CoapMessage): Buffer {
  if (m.token.length > 8) throw new RangeError('token: at most 8 bytes');
  if (!Number.isInteger(m.messageId) || m.messageId < 0 || m.messageId > 0xffff)
    throw new RangeError('messageId: 16 bits');
  const head = Buffer.alloc(4);
  head[0] = (1 << 6) | (m.type << 4) | m.token.length;
  head[1] = m.code;
  head.writeUInt16BE(m.messageId, 2);
  const parts: Buffer[] = [head, m.token];
  let prev = 0;
  for (const o of [...m.options].sort((p, q) => p.number - q.number)) {
    if (o.number > MAX_OPTION_NUMBER || o.value.length > 0xffff + 269)
      throw new RangeError('option out of range');
    const d = nibble(o.number - prev);
    const l = nibble(o.value.length);
    parts.push(Buffer.from([(d.n << 4) | l.n]), d.ext, l.ext, o.value);
    prev = o.number;
  }
  if (m.payload.length > 0) parts.push(Buffer.from([PAYLOAD_MARKER]), m.payload);
  return Buffer.concat(parts);
}

/** The Uri-Path options joined with '/', e.g. 'measurements' (RFC 7252 §6.5 step 8). */
export function coapUriPath(m: CoapMessage): string {
  return m.options
    .filter((o) => o.number === CoapOptionNumber.URI_PATH)
    .map((o) => o.value.toString('utf8'))
    .join('/');
}

/** Uri-Path options for a path such as 'a/b' (empty segments dropped). */
export function uriPathOptions(path: string): CoapOption[] {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => ({ number: CoapOptionNumber.URI_PATH, value: Buffer.from(s, 'utf8') }));
}

/** RFC 7252 §3.2 uint option value: the shortest big-endian form (0 is empty). */
export function uintOption(number: number, v: number): CoapOption {
  const bytes: number[] = [];
  for (let x = v; x > 0; x = Math.floor(x / 256)) bytes.unshift(x % 256);
  return { number, value: Buffer.from(bytes) };
}

/**
 * Finds the psk_identity in the plaintext start of a TLS connection (pure; docs/decisions.md D-021), so
 * that the EMSE can fetch the key before OpenSSL asks Node's synchronous pskCallback for it:
 * - TLS 1.3: the first identity of the ClientHello's pre_shared_key extension (RFC 8446 §4.2.11);
 * - TLS 1.2: the psk_identity of the ClientKeyExchange (RFC 4279 §2), after the server's first flight.
 *
 * `bytes` is the connection's stream from its first byte. Results:
 * - `found`: the identity, and `holdFrom`, the offset of the record that carries it — bytes before it
 *   may go to the TLS engine now, the rest waits for the key;
 * - `more`: not decided yet; bytes before `forwardable` may go to the TLS engine;
 * - `none`: no identity will come in plaintext (a ChangeCipherSpec, alert or application record came
 *   first, or the stream is not TLS); hand everything over.
 */
export type TlsPskPeek =
  | { readonly kind: 'found'; readonly identity: Buffer; readonly holdFrom: number }
  | { readonly kind: 'more'; readonly forwardable: number }
  | { readonly kind: 'none' };

const HANDSHAKE = 22;
const CLIENT_HELLO = 1;
const CLIENT_KEY_EXCHANGE = 16;
const PRE_SHARED_KEY = 41;
/** Plaintext we look through before giving up (a ClientHello is rarely above 2 KB). */
export const PEEK_LIMIT = 16_384;

export function peekTlsPskIdentity(bytes: Buffer): TlsPskPeek {
  let at = 0;
  let hs = Buffer.alloc(0); // handshake stream reassembled from records
  const recordStarts: { hsOffset: number; recordStart: number }[] = [];
  let hsAt = 0; // next handshake message in hs
  while (at + 5 <= bytes.length) {
    const type = bytes[at]!;
    const len = bytes.readUInt16BE(at + 3);
    if (type !== HANDSHAKE || bytes[at + 1] !== 3) return { kind: 'none' };
    if (at + 5 + len > bytes.length) break;
    recordStarts.push({ hsOffset: hs.length, recordStart: at });
    hs = Buffer.concat([hs, bytes.subarray(at + 5, at + 5 + len)]);
    at += 5 + len;
    while (hsAt + 4 <= hs.length) {
      const msgType = hs[hsAt]!;
      const msgLen = hs.readUIntBE(hsAt + 1, 3);
      if (hsAt + 4 + msgLen > hs.length) break;
      const body = hs.subarray(hsAt + 4, hsAt + 4 + msgLen);
      const identity =
        msgType === CLIENT_HELLO
          ? pskFromClientHello(body)
          : msgType === CLIENT_KEY_EXCHANGE
            ? pskFromClientKeyExchange(body)
            : undefined;
      if (identity === 'malformed') return { kind: 'none' };
      if (identity !== undefined) {
        const start = [...recordStarts].reverse().find((r) => r.hsOffset <= hsAt)!;
        return { kind: 'found', identity, holdFrom: start.recordStart };
      }
      hsAt += 4 + msgLen;
    }
  }
  if (bytes.length > PEEK_LIMIT) return { kind: 'none' };
  // Forward every record whose handshake bytes belong to complete messages already looked at.
  const pending = [...recordStarts].reverse().find((r) => r.hsOffset <= hsAt);
  const forwardable = hsAt === hs.length ? at : (pending?.recordStart ?? 0);
  return { kind: 'more', forwardable };
}

function vector(b: Buffer, at: number, lenBytes: number): { v: Buffer; end: number } | undefined {
  if (at + lenBytes > b.length) return undefined;
  const n = b.readUIntBE(at, lenBytes);
  if (at + lenBytes + n > b.length) return undefined;
  return { v: b.subarray(at + lenBytes, at + lenBytes + n), end: at + lenBytes + n };
}

/** RFC 8446 §4.1.2 ClientHello; returns the first PSK identity, undefined without the extension. */
function pskFromClientHello(body: Buffer): Buffer | undefined | 'malformed' {
  let at = 2 + 32;
  const sid = vector(body, at, 1);
  if (sid === undefined) return 'malformed';
  const suites = vector(body, sid.end, 2);
  if (suites === undefined) return 'malformed';
  const comp = vector(body, suites.end, 1);
  if (comp === undefined) return 'malformed';
  if (comp.end === body.length) return undefined; // no extensions
  const exts = vector(body, comp.end, 2);
  if (exts === undefined) return 'malformed';
  at = 0;
  while (at + 4 <= exts.v.length) {
    const type = exts.v.readUInt16BE(at);
    const data = vector(exts.v, at + 2, 2);
    if (data === undefined) return 'malformed';
    if (type === PRE_SHARED_KEY) {
      const identities = vector(data.v, 0, 2);
      const first = identities === undefined ? undefined : vector(identities.v, 0, 2);
      return first === undefined ? 'malformed' : Buffer.from(first.v);
    }
    at = data.end;
  }
  return undefined;
}

/** RFC 4279 §2: the PSK ClientKeyExchange is psk_identity<0..2^16-1>. */
function pskFromClientKeyExchange(body: Buffer): Buffer | 'malformed' {
  const id = vector(body, 0, 2);
  return id === undefined ? 'malformed' : Buffer.from(id.v);
}

import { Reader, decode, uint, vector } from '../../bytes.js';
import { DtlsDecodeError } from '../../errors.js';
import { type Extension, readExtensions, writeExtensions } from '../extensions.js';

/** ClientHello (RFC 6347 §4.2.1: TLS 1.2's plus the cookie). */
export interface ClientHello {
  readonly clientVersion: number;
  readonly random: Buffer;
  readonly sessionId: Buffer;
  readonly cookie: Buffer;
  readonly cipherSuites: readonly number[];
  readonly compressionMethods: readonly number[];
  readonly extensions: readonly Extension[];
}

export function parseClientHello(body: Uint8Array): ClientHello | DtlsDecodeError {
  return decode('ClientHello', body, (r: Reader) => {
    const clientVersion = r.u16();
    const random = r.take(32);
    const sessionId = r.vector(1);
    if (sessionId.length > 32) throw new DtlsDecodeError('ClientHello', 'session_id longer than 32');
    const cookie = r.vector(1);
    const suites = new Reader(r.vector(2));
    if (suites.remaining < 2 || suites.remaining % 2 !== 0)
      throw new DtlsDecodeError('ClientHello', 'bad cipher_suites length');
    const cipherSuites: number[] = [];
    while (suites.remaining > 0) cipherSuites.push(suites.u16());
    const compressionMethods = [...r.vector(1)];
    if (compressionMethods.length === 0) throw new DtlsDecodeError('ClientHello', 'no compression method');
    const extensions = readExtensions(r, 'ClientHello');
    return { clientVersion, random, sessionId, cookie, cipherSuites, compressionMethods, extensions };
  });
}

export function serializeClientHello(m: ClientHello): Buffer {
  return Buffer.concat([
    uint(m.clientVersion, 2),
    m.random,
    vector(1, m.sessionId),
    vector(1, m.cookie),
    vector(2, Buffer.concat(m.cipherSuites.map((s) => uint(s, 2)))),
    vector(1, Buffer.from(m.compressionMethods)),
    writeExtensions(m.extensions),
  ]);
}

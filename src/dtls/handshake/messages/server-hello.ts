import type { Reader } from '../../bytes.js';
import { decode, uint, vector } from '../../bytes.js';
import { DtlsDecodeError } from '../../errors.js';
import { type Extension, readExtensions, writeExtensions } from '../extensions.js';

/** ServerHello (RFC 5246 §7.4.1.3). */
export interface ServerHello {
  readonly serverVersion: number;
  readonly random: Buffer;
  readonly sessionId: Buffer;
  readonly cipherSuite: number;
  readonly compressionMethod: number;
  readonly extensions: readonly Extension[];
}

export function parseServerHello(body: Uint8Array): ServerHello | DtlsDecodeError {
  return decode('ServerHello', body, (r: Reader) => {
    const serverVersion = r.u16();
    const random = r.take(32);
    const sessionId = r.vector(1);
    if (sessionId.length > 32) throw new DtlsDecodeError('ServerHello', 'session_id longer than 32');
    const cipherSuite = r.u16();
    const compressionMethod = r.u8();
    const extensions = readExtensions(r, 'ServerHello');
    return { serverVersion, random, sessionId, cipherSuite, compressionMethod, extensions };
  });
}

export function serializeServerHello(m: ServerHello): Buffer {
  return Buffer.concat([
    uint(m.serverVersion, 2),
    m.random,
    vector(1, m.sessionId),
    uint(m.cipherSuite, 2),
    Buffer.from([m.compressionMethod]),
    writeExtensions(m.extensions),
  ]);
}

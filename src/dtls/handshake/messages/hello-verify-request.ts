import type { Reader } from '../../bytes.js';
import { decode, uint, vector } from '../../bytes.js';
import type { DtlsDecodeError } from '../../errors.js';

/** HelloVerifyRequest (RFC 6347 §4.2.1). */
export interface HelloVerifyRequest {
  readonly serverVersion: number;
  readonly cookie: Buffer;
}

export function parseHelloVerifyRequest(body: Uint8Array): HelloVerifyRequest | DtlsDecodeError {
  return decode('HelloVerifyRequest', body, (r: Reader) => ({ serverVersion: r.u16(), cookie: r.vector(1) }));
}

export function serializeHelloVerifyRequest(m: HelloVerifyRequest): Buffer {
  return Buffer.concat([uint(m.serverVersion, 2), vector(1, m.cookie)]);
}

import type { Reader } from '../../bytes.js';
import { decode, vector } from '../../bytes.js';
import type { DtlsDecodeError } from '../../errors.js';

/** ServerKeyExchange for plain PSK suites: only psk_identity_hint (RFC 4279 §2). */
export interface ServerKeyExchangePsk {
  readonly pskIdentityHint: Buffer;
}

export function parseServerKeyExchangePsk(body: Uint8Array): ServerKeyExchangePsk | DtlsDecodeError {
  return decode('ServerKeyExchange', body, (r: Reader) => ({ pskIdentityHint: r.vector(2) }));
}

export function serializeServerKeyExchangePsk(m: ServerKeyExchangePsk): Buffer {
  return vector(2, m.pskIdentityHint);
}

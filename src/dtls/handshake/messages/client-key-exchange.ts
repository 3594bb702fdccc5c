import type { Reader } from '../../bytes.js';
import { decode, vector } from '../../bytes.js';
import { DtlsDecodeError } from '../../errors.js';

/** ClientKeyExchange for plain PSK suites: the psk_identity (RFC 4279 §2), 0..2^16-1 bytes. */
export interface ClientKeyExchangePsk {
  readonly pskIdentity: Buffer;
}

export function parseClientKeyExchangePsk(body: Uint8Array): ClientKeyExchangePsk | DtlsDecodeError {
  return decode('ClientKeyExchange', body, (r: Reader) => {
    const pskIdentity = r.vector(2);
    if (pskIdentity.length === 0) throw new DtlsDecodeError('ClientKeyExchange', 'empty psk_identity');
    return { pskIdentity };
  });
}

export function serializeClientKeyExchangePsk(m: ClientKeyExchangePsk): Buffer {
  return vector(2, m.pskIdentity);
}

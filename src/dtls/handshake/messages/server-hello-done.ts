import { decode } from '../../bytes.js';
import type { DtlsDecodeError } from '../../errors.js';

/** ServerHelloDone (RFC 5246 §7.4.5): an empty body. */
export type ServerHelloDone = Record<string, never>;

export function parseServerHelloDone(body: Uint8Array): ServerHelloDone | DtlsDecodeError {
  return decode('ServerHelloDone', body, () => ({}));
}

export function serializeServerHelloDone(): Buffer {
  return Buffer.alloc(0);
}

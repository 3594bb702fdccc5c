import type { Reader } from '../../bytes.js';
import { decode } from '../../bytes.js';
import type { DtlsDecodeError } from '../../errors.js';

/** Finished (RFC 5246 §7.4.9): verify_data, 12 bytes for every suite here. */
export interface Finished {
  readonly verifyData: Buffer;
}

export const VERIFY_DATA_LENGTH = 12;

export function parseFinished(body: Uint8Array): Finished | DtlsDecodeError {
  return decode('Finished', body, (r: Reader) => ({ verifyData: r.take(VERIFY_DATA_LENGTH) }));
}

export function serializeFinished(m: Finished): Buffer {
  return Buffer.from(m.verifyData);
}

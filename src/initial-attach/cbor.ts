import { decode as cborDecode, encode as cborEncode } from 'cborg';
import { CiotsecError } from '../errors/base.js';

/** A message or token that is not the CBOR the protocol defines. */
export class MessageFormatError extends CiotsecError {
  readonly code = 'ERR_MESSAGE_FORMAT';
  override readonly name = 'MessageFormatError';
}

/**
 * Deterministic CBOR (RFC 8949 §4.2: shortest forms, definite lengths, sorted map keys) through cborg.
 * Decoding is strict: non-shortest integers, indefinite lengths, undefined, duplicate map keys and
 * trailing bytes are refused.
 */
export function encodeCbor(value: unknown): Buffer {
  const b = cborEncode(value);
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

export function decodeCbor(bytes: Uint8Array): unknown {
  try {
    return cborDecode(bytes, {
      strict: true,
      allowIndefinite: false,
      allowUndefined: false,
      allowInfinity: false,
      allowNaN: false,
      rejectDuplicateMapKeys: true,
      useMaps: true,
    });
  } catch (err) {
    throw new MessageFormatError('not deterministic CBOR', { cause: err });
  }
}

/** Readers that throw MessageFormatError naming the field. */
export const read = {
  array(v: unknown, field: string, min: number, max = min): unknown[] {
    if (!Array.isArray(v) || v.length < min || v.length > max)
      throw new MessageFormatError(`${field}: array of ${min}..${max} expected`);
    return v;
  },
  bytes(v: unknown, field: string, min = 0, max = 65_535): Buffer {
    if (!(v instanceof Uint8Array) || v.length < min || v.length > max)
      throw new MessageFormatError(`${field}: byte string of ${min}..${max} octets expected`);
    return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  },
  uint(v: unknown, field: string, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max)
      throw new MessageFormatError(`${field}: unsigned integer ≤ ${max} expected`);
    return v;
  },
  text(v: unknown, field: string, max: number, pattern?: RegExp): string {
    if (typeof v !== 'string' || v.length > max || (pattern !== undefined && !pattern.test(v)))
      throw new MessageFormatError(`${field}: text expected`);
    return v;
  },
};

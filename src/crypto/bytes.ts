import { timingSafeEqual } from 'node:crypto';
import { InvalidInputError } from '../errors/base.js';

/** Parses hex (spaces and a 0x prefix tolerated) into bytes; checks the length when one is given. */
export function fromHex(hex: string, field: string, length?: number): Buffer {
  const clean = hex.replace(/\s+/g, '').replace(/^0x/i, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new InvalidInputError(field, 'must be hexadecimal with an even number of digits');
  }
  const bytes = Buffer.from(clean, 'hex');
  if (length !== undefined && bytes.length !== length) {
    throw new InvalidInputError(
      field,
      `must be ${length} bytes (${length * 2} hex digits), got ${bytes.length}`,
    );
  }
  return bytes;
}

/** Lower-case hex, the project's external form for bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function xor(a: Uint8Array, b: Uint8Array): Buffer {
  if (a.length !== b.length) throw new RangeError(`xor: length mismatch ${a.length} != ${b.length}`);
  const out = Buffer.allocUnsafe(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** Constant-time comparison of MACs and secrets; unequal lengths compare false without early exit on content. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

export function requireLength(bytes: Uint8Array, length: number, field: string): void {
  if (bytes.length !== length) {
    throw new InvalidInputError(field, `must be ${length} bytes, got ${bytes.length}`);
  }
}

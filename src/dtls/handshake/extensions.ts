import { Reader, uint } from '../bytes.js';
import { DtlsDecodeError } from '../errors.js';

/** Extension (RFC 5246 §7.4.1.4): unknown types are carried as opaque data and ignored by the machines. */
export interface Extension {
  readonly type: number;
  readonly data: Buffer;
}

/** Reads the optional extensions block that ends a hello (absent when no bytes remain). */
export function readExtensions(r: Reader, structure: string): Extension[] {
  if (r.remaining === 0) return [];
  const block = new Reader(r.vector(2));
  const out: Extension[] = [];
  const seen = new Set<number>();
  while (block.remaining > 0) {
    const type = block.u16();
    const data = block.vector(2);
    // RFC 5246 §7.4.1.4: no more than one extension of the same type.
    if (seen.has(type)) throw new DtlsDecodeError(structure, `duplicate extension ${type}`);
    seen.add(type);
    out.push({ type, data });
  }
  return out;
}

export function writeExtensions(extensions: readonly Extension[]): Buffer {
  if (extensions.length === 0) return Buffer.alloc(0);
  const body = Buffer.concat(extensions.flatMap((e) => [uint(e.type, 2), uint(e.data.length, 2), e.data]));
  return Buffer.concat([uint(body.length, 2), body]);
}

export function findExtension(extensions: readonly Extension[], type: number): Extension | undefined {
  return extensions.find((e) => e.type === type);
}

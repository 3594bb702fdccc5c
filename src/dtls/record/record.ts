import type { Reader } from '../bytes.js';
import { decode, uint } from '../bytes.js';
import { MAX_CIPHERTEXT_LENGTH, RECORD_HEADER_LENGTH } from '../constants.js';
import { DtlsDecodeError } from '../errors.js';

/** DTLSPlaintext / DTLSCiphertext (RFC 6347 §4.1): the fragment is opaque at this layer. */
export interface DtlsRecord {
  readonly type: number;
  readonly version: number;
  readonly epoch: number;
  /** 48-bit sequence number, exact in a JS number. */
  readonly sequenceNumber: number;
  readonly fragment: Buffer;
}

const KNOWN_TYPES = new Set([20, 21, 22, 23]);

/**
 * Splits a datagram into records (RFC 6347 §4.1.1: several records may share a datagram). A record
 * with an unknown type, an impossible length or one cut short ends the parse: RFC 6347 §4.1.2.7 lets a
 * receiver drop what it cannot read, so the records before it are returned along with `error`.
 */
export function parseRecords(datagram: Uint8Array): { records: DtlsRecord[]; error?: DtlsDecodeError } {
  const records: DtlsRecord[] = [];
  let o = 0;
  while (o < datagram.length) {
    if (datagram.length - o < RECORD_HEADER_LENGTH)
      return { records, error: new DtlsDecodeError('DTLSRecord', 'truncated header') };
    const length = (datagram[o + 11]! << 8) | datagram[o + 12]!;
    const end = o + RECORD_HEADER_LENGTH + length;
    if (end > datagram.length) return { records, error: new DtlsDecodeError('DTLSRecord', 'truncated') };
    const r = parseRecord(datagram.subarray(o, end));
    if (r instanceof DtlsDecodeError) return { records, error: r };
    records.push(r);
    o = end;
  }
  return { records };
}

/** Parses exactly one record. */
export function parseRecord(bytes: Uint8Array): DtlsRecord | DtlsDecodeError {
  return decode('DTLSRecord', bytes, (r: Reader) => {
    const type = r.u8();
    if (!KNOWN_TYPES.has(type)) throw new DtlsDecodeError('DTLSRecord', `unknown content type ${type}`);
    const version = r.u16();
    if (version >> 8 !== 0xfe) throw new DtlsDecodeError('DTLSRecord', `not DTLS (version ${version})`);
    const epoch = r.u16();
    const sequenceNumber = r.u48();
    const fragment = r.vector(2);
    if (fragment.length > MAX_CIPHERTEXT_LENGTH) throw new DtlsDecodeError('DTLSRecord', 'record too long');
    return { type, version, epoch, sequenceNumber, fragment };
  });
}

export function serializeRecord(r: DtlsRecord): Buffer {
  return Buffer.concat([
    Buffer.from([r.type]),
    uint(r.version, 2),
    uint(r.epoch, 2),
    uint(r.sequenceNumber, 6),
    uint(r.fragment.length, 2),
    r.fragment,
  ]);
}

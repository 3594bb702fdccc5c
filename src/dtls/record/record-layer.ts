import { openFragment, sealFragment } from '../cipher/aead.js';
import type { DirectionKeys } from '../cipher/keys.js';
import type { CipherSuite } from '../cipher/suites.js';
import { ContentType, MAX_PLAINTEXT_LENGTH, MAX_SEQUENCE_NUMBER } from '../constants.js';
import { type DtlsRecord, serializeRecord } from './record.js';
import { type ReplayWindow, accept, emptyReplayWindow, isFresh } from './replay-window.js';

/**
 * Record-layer state of one association (RFC 6347 §4.1). Without renegotiation there are two epochs:
 * 0 (plaintext) and 1 (the negotiated AEAD). Immutable: every function returns the state to keep.
 */
export interface RecordLayer {
  readonly version: number;
  readonly writeEpoch: 0 | 1;
  /** Next sequence number to send, per epoch. */
  readonly writeSeq: readonly [number, number];
  /** Anti-replay windows, per epoch (RFC 6347 §4.1.2.6). */
  readonly windows: readonly [ReplayWindow, ReplayWindow];
  readonly suite: CipherSuite | undefined;
  readonly writeKeys: DirectionKeys | undefined;
  readonly readKeys: DirectionKeys | undefined;
}

export function initialRecordLayer(version: number, firstWriteSeq = 0): RecordLayer {
  return {
    version,
    writeEpoch: 0,
    writeSeq: [firstWriteSeq, 0],
    windows: [emptyReplayWindow, emptyReplayWindow],
    suite: undefined,
    writeKeys: undefined,
    readKeys: undefined,
  };
}

/** Protects and frames one record at `epoch`; undefined when the epoch's sequence numbers are spent. */
export function encodeRecord(
  rl: RecordLayer,
  epoch: 0 | 1,
  type: number,
  plaintext: Uint8Array,
): { rl: RecordLayer; bytes: Buffer } | undefined {
  const seq = rl.writeSeq[epoch];
  // RFC 6347 §4.1: sequence numbers must not wrap; rekeying is renegotiation, which we do not do.
  if (seq > MAX_SEQUENCE_NUMBER || plaintext.length > MAX_PLAINTEXT_LENGTH) return undefined;
  const ctx = { type, version: rl.version, epoch, sequenceNumber: seq };
  let fragment: Buffer;
  if (epoch === 0) fragment = Buffer.from(plaintext);
  else {
    if (rl.suite === undefined || rl.writeKeys === undefined) return undefined;
    fragment = sealFragment(rl.suite, rl.writeKeys, ctx, plaintext);
  }
  const writeSeq: [number, number] = epoch === 0 ? [seq + 1, rl.writeSeq[1]] : [rl.writeSeq[0], seq + 1];
  return { rl: { ...rl, writeSeq }, bytes: serializeRecord({ ...ctx, fragment }) };
}

export type DecodeOutcome =
  | {
      readonly kind: 'ok';
      readonly rl: RecordLayer;
      readonly type: number;
      readonly epoch: 0 | 1;
      readonly plaintext: Buffer;
    }
  /** Replayed, from an unknown epoch, or application data in epoch 0: drop silently. */
  | { readonly kind: 'drop' }
  /** Epoch 1 before its keys are known: the caller may keep it for later. */
  | { readonly kind: 'early' }
  /** Did not authenticate under the epoch's keys. */
  | { readonly kind: 'badMac' };

/** Checks freshness, then authenticity, then marks the sequence number seen (RFC 6347 §4.1.2.6). */
export function decodeRecord(rl: RecordLayer, record: DtlsRecord): DecodeOutcome {
  const epoch = record.epoch;
  if (epoch !== 0 && epoch !== 1) return { kind: 'drop' };
  if (!isFresh(rl.windows[epoch], record.sequenceNumber)) return { kind: 'drop' };
  let plaintext: Buffer;
  if (epoch === 0) {
    if (record.type === ContentType.applicationData) return { kind: 'drop' };
    plaintext = record.fragment;
  } else {
    if (rl.suite === undefined || rl.readKeys === undefined) return { kind: 'early' };
    const ctx = { type: record.type, version: record.version, epoch, sequenceNumber: record.sequenceNumber };
    const pt = openFragment(rl.suite, rl.readKeys, ctx, record.fragment);
    if (pt === undefined) return { kind: 'badMac' };
    plaintext = pt;
  }
  const windows: [ReplayWindow, ReplayWindow] =
    epoch === 0
      ? [accept(rl.windows[0], record.sequenceNumber), rl.windows[1]]
      : [rl.windows[0], accept(rl.windows[1], record.sequenceNumber)];
  return { kind: 'ok', rl: { ...rl, windows }, type: record.type, epoch, plaintext };
}

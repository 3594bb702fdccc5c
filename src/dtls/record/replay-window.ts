/**
 * Anti-replay sliding window of RFC 6347 §4.1.2.6 (after RFC 4303 §3.4.3), 64 records wide. Immutable:
 * `accept` returns the window to keep. A record is checked with `isFresh` before its MAC is verified,
 * and `accept`ed only after, so that forged records cannot move the window.
 */
export interface ReplayWindow {
  /** Highest sequence number accepted, or -1 before the first. */
  readonly top: number;
  /** Bit i set: sequence number top - i was accepted. */
  readonly bits: bigint;
}

export const REPLAY_WINDOW_SIZE = 64;
const MASK = (1n << BigInt(REPLAY_WINDOW_SIZE)) - 1n;

export const emptyReplayWindow: ReplayWindow = { top: -1, bits: 0n };

/** False for a duplicate or for a number too old to be checked (left of the window). */
export function isFresh(w: ReplayWindow, seq: number): boolean {
  if (seq > w.top) return true;
  const offset = w.top - seq;
  if (offset >= REPLAY_WINDOW_SIZE) return false;
  return ((w.bits >> BigInt(offset)) & 1n) === 0n;
}

/** Marks `seq` as received, sliding the window right if it is the new highest. */
export function accept(w: ReplayWindow, seq: number): ReplayWindow {
  if (seq > w.top) {
    const shift = seq - w.top;
    const bits = shift >= REPLAY_WINDOW_SIZE ? 1n : ((w.bits << BigInt(shift)) | 1n) & MASK;
    return { top: seq, bits };
  }
  return { top: w.top, bits: w.bits | (1n << BigInt(w.top - seq)) };
}

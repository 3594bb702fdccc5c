import { prf } from './prf.js';
import type { CipherSuite } from './suites.js';

/** One direction's AEAD keys. */
export interface DirectionKeys {
  readonly key: Buffer;
  /** The 4-byte implicit salt. */
  readonly salt: Buffer;
}

export interface KeyBlock {
  readonly client: DirectionKeys;
  readonly server: DirectionKeys;
}

/**
 * key_block (RFC 5246 §6.3) for AEAD suites, which have no MAC keys: client_write_key ‖ server_write_key ‖
 * client_write_IV ‖ server_write_IV.
 */
export function deriveKeyBlock(
  suite: CipherSuite,
  master: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
): KeyBlock {
  const k = suite.keyLength;
  const iv = suite.fixedIvLength;
  const block = prf(master, 'key expansion', Buffer.concat([serverRandom, clientRandom]), 2 * k + 2 * iv);
  return {
    client: { key: block.subarray(0, k), salt: block.subarray(2 * k, 2 * k + iv) },
    server: { key: block.subarray(k, 2 * k), salt: block.subarray(2 * k + iv, 2 * k + 2 * iv) },
  };
}

import { createHash, createHmac } from 'node:crypto';

/**
 * The TLS 1.2 PRF with SHA-256 (RFC 5246 §5): PRF(secret, label, seed) = P_SHA256(secret, label ‖ seed),
 * P_hash(secret, seed) = HMAC(secret, A(1) ‖ seed) ‖ HMAC(secret, A(2) ‖ seed) ‖ …, A(0) = seed,
 * A(i) = HMAC(secret, A(i-1)).
 *
 * @example
 * const keyBlock = prf(masterSecret, 'key expansion', Buffer.concat([serverRandom, clientRandom]), 40);
 */
export function prf(secret: Uint8Array, label: string, seed: Uint8Array, length: number): Buffer {
  const labelSeed = Buffer.concat([Buffer.from(label, 'latin1'), seed]);
  const out: Buffer[] = [];
  let produced = 0;
  let a: Buffer = labelSeed;
  while (produced < length) {
    a = createHmac('sha256', secret).update(a).digest();
    const block = createHmac('sha256', secret).update(a).update(labelSeed).digest();
    out.push(block);
    produced += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

export function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** premaster secret of a plain PSK suite (RFC 4279 §2): uint16 N ‖ N zero bytes ‖ uint16 N ‖ psk. */
export function pskPremasterSecret(psk: Uint8Array): Buffer {
  const n = psk.length;
  const out = Buffer.alloc(4 + 2 * n);
  out.writeUInt16BE(n, 0);
  out.writeUInt16BE(n, 2 + n);
  out.set(psk, 4 + n);
  return out;
}

/**
 * master_secret (RFC 5246 §8.1), or with extended master secret (RFC 7627 §4) the session hash of the
 * handshake messages up to and including ClientKeyExchange instead of the randoms.
 */
export function masterSecret(
  premaster: Uint8Array,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  sessionHash: Uint8Array | undefined,
): Buffer {
  return sessionHash !== undefined
    ? prf(premaster, 'extended master secret', sessionHash, 48)
    : prf(premaster, 'master secret', Buffer.concat([clientRandom, serverRandom]), 48);
}

/** verify_data of Finished (RFC 5246 §7.4.9): PRF(master, finished_label, Hash(handshake_messages))[0..11]. */
export function verifyData(
  master: Uint8Array,
  sender: 'client' | 'server',
  transcriptHash: Uint8Array,
): Buffer {
  return prf(master, `${sender} finished`, transcriptHash, 12);
}

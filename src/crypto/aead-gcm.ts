import { createCipheriv, createDecipheriv } from 'node:crypto';
import { requireLength } from './bytes.js';
import { IntegrityCheckError } from './errors.js';
import type { Sealed, SessionKeys } from './aead-cbc-hmac.js';

/**
 * The modern option in place of the seed's "eGCM-128" (not a public algorithm, D-029): AES-128-GCM
 * (SP 800-38D) with key KS[1], nonce = the first 96 bits of KS[2], 128-bit tag as H_CHECK, no padding.
 * KS[3] is not used. One message per KS, like the CBC alternative.
 *
 * @example
 * const { m, h } = encryptGcm(ks, clear); decryptGcm(ks, m, h);
 */
export function encryptGcm(ks: SessionKeys, message: Uint8Array): Sealed {
  requireLength(ks[0], 16, 'KS[1]');
  requireLength(ks[1], 16, 'KS[2]');
  const c = createCipheriv('aes-128-gcm', ks[0], ks[1].subarray(0, 12), { authTagLength: 16 });
  const m = Buffer.concat([c.update(message), c.final()]);
  return { m, h: c.getAuthTag() };
}

export function decryptGcm(ks: SessionKeys, m: Uint8Array, h: Uint8Array): Buffer {
  requireLength(ks[0], 16, 'KS[1]');
  requireLength(ks[1], 16, 'KS[2]');
  if (h.length !== 16) throw new IntegrityCheckError();
  const d = createDecipheriv('aes-128-gcm', ks[0], ks[1].subarray(0, 12), { authTagLength: 16 });
  d.setAuthTag(h);
  try {
    return Buffer.concat([d.update(m), d.final()]);
  } catch {
    throw new IntegrityCheckError();
  }
}

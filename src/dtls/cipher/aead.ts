import { createCipheriv, createDecipheriv } from 'node:crypto';
import { uint } from '../bytes.js';
import type { DirectionKeys } from './keys.js';
import type { CipherSuite } from './suites.js';

/** What the AEAD binds besides the plaintext (RFC 5246 §6.2.3.3 with DTLS's epoch ‖ sequence number). */
export interface RecordContext {
  readonly type: number;
  readonly version: number;
  readonly epoch: number;
  readonly sequenceNumber: number;
}

function seqNum(ctx: RecordContext): Buffer {
  return Buffer.concat([uint(ctx.epoch, 2), uint(ctx.sequenceNumber, 6)]);
}

function additionalData(ctx: RecordContext, plaintextLength: number): Buffer {
  return Buffer.concat([
    seqNum(ctx),
    Buffer.from([ctx.type]),
    uint(ctx.version, 2),
    uint(plaintextLength, 2),
  ]);
}

/**
 * Encrypts a record fragment: explicit nonce ‖ ciphertext ‖ tag. Nonce = salt(4) ‖ explicit(8), the
 * explicit part being epoch ‖ sequence number (RFC 6655 §3, RFC 5288 §3), which never repeats under a key.
 */
export function sealFragment(
  suite: CipherSuite,
  keys: DirectionKeys,
  ctx: RecordContext,
  plaintext: Uint8Array,
): Buffer {
  const explicit = seqNum(ctx);
  const nonce = Buffer.concat([keys.salt, explicit]);
  const aad = additionalData(ctx, plaintext.length);
  const cipher =
    suite.cipher === 'aes-128-ccm'
      ? createCipheriv('aes-128-ccm', keys.key, nonce, { authTagLength: suite.tagLength })
      : createCipheriv('aes-128-gcm', keys.key, nonce, { authTagLength: suite.tagLength });
  cipher.setAAD(aad, { plaintextLength: plaintext.length });
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([explicit, ct, cipher.getAuthTag()]);
}

/** Decrypts a record fragment; `undefined` when it does not authenticate (every failure looks the same). */
export function openFragment(
  suite: CipherSuite,
  keys: DirectionKeys,
  ctx: RecordContext,
  fragment: Uint8Array,
): Buffer | undefined {
  const overhead = suite.recordIvLength + suite.tagLength;
  if (fragment.length < overhead) return undefined;
  const nonce = Buffer.concat([keys.salt, fragment.subarray(0, suite.recordIvLength)]);
  const ct = fragment.subarray(suite.recordIvLength, fragment.length - suite.tagLength);
  const tag = fragment.subarray(fragment.length - suite.tagLength);
  try {
    const decipher =
      suite.cipher === 'aes-128-ccm'
        ? createDecipheriv('aes-128-ccm', keys.key, nonce, { authTagLength: suite.tagLength })
        : createDecipheriv('aes-128-gcm', keys.key, nonce, { authTagLength: suite.tagLength });
    decipher.setAuthTag(tag);
    decipher.setAAD(additionalData(ctx, ct.length), { plaintextLength: ct.length });
    const pt = decipher.update(ct);
    decipher.final();
    return pt;
  } catch {
    return undefined;
  }
}

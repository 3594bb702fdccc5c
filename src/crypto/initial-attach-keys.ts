import { encryptCbcHmac, decryptCbcHmac, type Sealed, type SessionKeys } from './aead-cbc-hmac.js';
import { decryptGcm, encryptGcm } from './aead-gcm.js';
import type { CurveName } from './ec-curves.js';
import { ecka } from './ecka.js';
import { kdf128 } from './kdf-x963.js';
import type { SecretKey } from './secret-key.js';

/** KEY_TYPE of seed 004 Annex XX: "10" for KS1 (KS13 in step 5), "30" for KS2 (KS23 in step 6). */
export const KEY_TYPE = { KS1: 0x10, KS2: 0x30 } as const;
export type KeyType = (typeof KEY_TYPE)[keyof typeof KEY_TYPE];

/** SI = KEY_TYPE ‖ 0x10 ‖ 0x89 (seed 004 Annex XX, "Key Derivation Function"). */
export function sharedInfo(keyType: KeyType): Buffer {
  return Buffer.of(keyType, 0x10, 0x89);
}

/** KS[1..3] = KDF-128(ShS, SI) — X9.63 with SHA-256, three 128-bit keys. */
export function deriveSessionKeys(shs: SecretKey, keyType: KeyType): SessionKeys {
  const [k1, k2, k3] = kdf128(shs.export(), sharedInfo(keyType), 3);
  return [k1!, k2!, k3!];
}

/**
 * DERIVE(X)[Y] of seed 004 Annex XX: ECKA (shared secret = x-coordinate) then KDF-128.
 *
 * @example
 * const ks13 = derive('P-256', treEphemeral.privateKey, snEckaPoint, KEY_TYPE.KS1);
 */
export function derive(
  curve: CurveName,
  privateKey: SecretKey | Uint8Array,
  peerPublicKey: Uint8Array,
  keyType: KeyType,
): SessionKeys {
  return deriveSessionKeys(ecka(curve, privateKey, peerPublicKey), keyType);
}

/** ENCRYPT(KS)/DECRYPT(KS, H) with the configured cipher (D-028, D-029). */
export const CIPHERS = ['aes128-cbc-hmac-sha256', 'aes128-gcm'] as const;
export type CipherName = (typeof CIPHERS)[number];

export function encrypt(cipher: CipherName, ks: SessionKeys, message: Uint8Array): Sealed {
  return cipher === 'aes128-gcm' ? encryptGcm(ks, message) : encryptCbcHmac(ks, message);
}

export function decrypt(cipher: CipherName, ks: SessionKeys, m: Uint8Array, h: Uint8Array): Buffer {
  return cipher === 'aes128-gcm' ? decryptGcm(ks, m, h) : decryptCbcHmac(ks, m, h);
}

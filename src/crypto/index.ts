export { fromHex, toHex, xor, constantTimeEqual } from './bytes.js';
export { SecretKey } from './secret-key.js';
export { Milenage, computeOpc, type MilenageOutput } from './milenage.js';
export { kdf, kdfInput, hmacSha256, type Fc } from './kdf-3gpp.js';
export { x963Kdf, kdf128 } from './kdf-x963.js';
export {
  FC,
  DEFAULT_APP_KEY_KDF,
  computeKasme,
  computeCkIkPrime,
  computeServingCkIk,
  computeKausf,
  computeResStar,
  computeKseaf,
  computeE2mIntKey,
  computeE2mKey,
  keyIdFromRand,
  computeE2eKeyset,
  refreshE2eKeyset,
  type AppKeyKdfConfig,
} from './derivations.js';
export { CURVES, CURVE_NAMES, isCurveName, type CurveName } from './ec-curves.js';
export {
  validatePublicPoint,
  generateEphemeralKeyPair,
  publicPointOf,
  ecka,
  eckaEg,
  eckaDh,
  type EphemeralKeyPair,
} from './ecka.js';
export {
  ecdsaSign,
  ecdsaVerify,
  spkiFromPoint,
  pointFromPublicKey,
  generateStaticKeyPair,
  scalarOf,
  importPrivateKey,
} from './ecdsa.js';
export {
  padFF,
  unpadFF,
  encryptCbcHmac,
  decryptCbcHmac,
  type Sealed,
  type SessionKeys,
} from './aead-cbc-hmac.js';
export { encryptGcm, decryptGcm } from './aead-gcm.js';
export {
  KEY_TYPE,
  CIPHERS,
  sharedInfo,
  deriveSessionKeys,
  derive,
  encrypt,
  decrypt,
  type KeyType,
  type CipherName,
} from './initial-attach-keys.js';
export { InvalidPublicKeyError, IntegrityCheckError } from './errors.js';

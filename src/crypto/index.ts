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

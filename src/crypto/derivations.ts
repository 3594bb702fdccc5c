import { requireLength } from './bytes.js';
import { kdf, type Fc } from './kdf-3gpp.js';

/** FC values allocated by 3GPP for the derivations implemented here. */
export const FC = {
  /** TS 33.401 A.2 */
  KASME: 0x10,
  /** TS 33.402 A.2 */
  CK_IK_PRIME: 0x20,
  /** TS 33.501 A.2 */
  KAUSF: 0x6a,
  /** TS 33.501 A.4 */
  RES_STAR: 0x6b,
  /** TS 33.501 A.6 */
  KSEAF: 0x6c,
} as const;

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const ckik = (ck: Uint8Array, ik: Uint8Array): Buffer => {
  requireLength(ck, 16, 'ck');
  requireLength(ik, 16, 'ik');
  return Buffer.concat([ck, ik]);
};

/**
 * K_ASME = KDF(CK‖IK, FC=0x10, P0 = SN id, P1 = SQN ⊕ AK) — TS 33.401 A.2. `snId` is the 3-octet
 * PLMN identity encoding of TS 24.301 (MCC/MNC digits in BCD, filler F).
 */
export function computeKasme(ck: Uint8Array, ik: Uint8Array, snId: Uint8Array, sqnXorAk: Uint8Array): Buffer {
  requireLength(snId, 3, 'snId');
  requireLength(sqnXorAk, 6, 'sqnXorAk');
  return kdf(ckik(ck, ik), FC.KASME, [snId, sqnXorAk]);
}

/** CK'‖IK' = KDF(CK‖IK, FC=0x20, P0 = access network identity, P1 = SQN ⊕ AK) — TS 33.402 A.2. */
export function computeCkIkPrime(
  ck: Uint8Array,
  ik: Uint8Array,
  networkName: string | Uint8Array,
  sqnXorAk: Uint8Array,
): { ckPrime: Buffer; ikPrime: Buffer } {
  requireLength(sqnXorAk, 6, 'sqnXorAk');
  const name = typeof networkName === 'string' ? utf8(networkName) : networkName;
  const out = kdf(ckik(ck, ik), FC.CK_IK_PRIME, [name, sqnXorAk]);
  return { ckPrime: out.subarray(0, 16), ikPrime: out.subarray(16, 32) };
}

/** K_AUSF = KDF(CK‖IK, FC=0x6A, P0 = serving network name, P1 = SQN ⊕ AK) — TS 33.501 A.2 (5G AKA). */
export function computeKausf(
  ck: Uint8Array,
  ik: Uint8Array,
  servingNetworkName: string,
  sqnXorAk: Uint8Array,
): Buffer {
  requireLength(sqnXorAk, 6, 'sqnXorAk');
  return kdf(ckik(ck, ik), FC.KAUSF, [utf8(servingNetworkName), sqnXorAk]);
}

/**
 * RES* (UE) or XRES* (home network) = the 128 least significant bits of KDF(CK‖IK, FC=0x6B,
 * P0 = serving network name, P1 = RAND, P2 = RES or XRES) — TS 33.501 A.4.
 */
export function computeResStar(
  ck: Uint8Array,
  ik: Uint8Array,
  servingNetworkName: string,
  rand: Uint8Array,
  res: Uint8Array,
): Buffer {
  requireLength(rand, 16, 'rand');
  return kdf(ckik(ck, ik), FC.RES_STAR, [utf8(servingNetworkName), rand, res]).subarray(16, 32);
}

/** K_SEAF = KDF(K_AUSF, FC=0x6C, P0 = serving network name) — TS 33.501 A.6. */
export function computeKseaf(kausf: Uint8Array, servingNetworkName: string): Buffer {
  requireLength(kausf, 32, 'kausf');
  return kdf(kausf, FC.KSEAF, [utf8(servingNetworkName)]);
}

/**
 * FC values and labels of the project's own derivations (seeds 001 and 003). The seeds leave them open
 * ("it may be appropriate to allocate FC values", seed 001 6.x.2.1); docs/decisions.md D-002 gives the
 * defaults and why. Operators can override every field.
 */
export interface AppKeyKdfConfig {
  readonly e2mIntKeyFc: Fc;
  readonly e2mIntKeyLabel: string;
  readonly e2mKeyFc: Fc;
  /** Optional extra label P1 for e2m_key (seed 001 Editor's Note: "ffs whether 'string' is needed"). */
  readonly e2mKeyLabel: string | undefined;
  readonly e2eKeysetFc: Fc;
  readonly e2eKeysetLabel: string;
  readonly e2eRefreshFc: Fc;
  /** FC of the CK'/IK' pair handed to a UMTS/GPRS serving network for e2m subscribers (D-015). */
  readonly servingCkIkFc: Fc;
  readonly servingCkIkLabel: string;
}

export const DEFAULT_APP_KEY_KDF: AppKeyKdfConfig = Object.freeze({
  e2mIntKeyFc: 0xffe0,
  e2mIntKeyLabel: 'e2m_CIoT',
  e2mKeyFc: 0xffe1,
  e2mKeyLabel: undefined,
  e2eKeysetFc: 0xffe2,
  e2eKeysetLabel: 'CIoT End-to-end',
  e2eRefreshFc: 0xffe3,
  servingCkIkFc: 0xffe4,
  servingCkIkLabel: 'e2m serving network',
});

/**
 * CK'‖IK' for the serving network of an e2m subscriber (seed 001 6.x.2.1: "a new key pair CK', IK' is
 * included in the authentication vector for UMTS PS or GPRS"), so that the serving network never holds
 * the CK, IK from which e2m_int_key derives: KDF(CK‖IK, FC=0xFFE4, P0="e2m serving network",
 * P1=SQN⊕AK) — the shape of TS 33.402 A.2 with a project FC (D-015). The ME derives the same pair.
 */
export function computeServingCkIk(
  ck: Uint8Array,
  ik: Uint8Array,
  sqnXorAk: Uint8Array,
  cfg: AppKeyKdfConfig = DEFAULT_APP_KEY_KDF,
): { ckPrime: Buffer; ikPrime: Buffer } {
  requireLength(sqnXorAk, 6, 'sqnXorAk');
  const out = kdf(ckik(ck, ik), cfg.servingCkIkFc, [utf8(cfg.servingCkIkLabel), sqnXorAk]);
  return { ckPrime: out.subarray(0, 16), ikPrime: out.subarray(16, 32) };
}

/** e2m_int_key = KDF(CK‖IK, "e2m_CIoT") — seed 001 6.x.2.1 step 1. */
export function computeE2mIntKey(
  ck: Uint8Array,
  ik: Uint8Array,
  cfg: AppKeyKdfConfig = DEFAULT_APP_KEY_KDF,
): Buffer {
  return kdf(ckik(ck, ik), cfg.e2mIntKeyFc, [utf8(cfg.e2mIntKeyLabel)]);
}

/** e2m_key = KDF(e2m_int_key, EMSE_Id [, string]) — seed 001 6.x.2.1 step 2. */
export function computeE2mKey(
  e2mIntKey: Uint8Array,
  emseId: string,
  cfg: AppKeyKdfConfig = DEFAULT_APP_KEY_KDF,
): Buffer {
  requireLength(e2mIntKey, 32, 'e2mIntKey');
  const params = [utf8(emseId)];
  if (cfg.e2mKeyLabel !== undefined) params.push(utf8(cfg.e2mKeyLabel));
  return kdf(e2mIntKey, cfg.e2mKeyFc, params);
}

/** Key identifier of seed 001 (alternative 1): the 32 least significant bits of RAND. */
export function keyIdFromRand(rand: Uint8Array): Buffer {
  requireLength(rand, 16, 'rand');
  return Buffer.from(rand.subarray(12, 16));
}

/** e2eKEYSET = KDF(e2mKEYSET, "CIoT End-to-end") — seed 003 6.x.2.1. */
export function computeE2eKeyset(e2mKeyset: Uint8Array, cfg: AppKeyKdfConfig = DEFAULT_APP_KEY_KDF): Buffer {
  requireLength(e2mKeyset, 32, 'e2mKeyset');
  return kdf(e2mKeyset, cfg.e2eKeysetFc, [utf8(cfg.e2eKeysetLabel)]);
}

/** Next e2eKEYSET = KDF(e2eKEYSET, RAND) — seed 003 6.x.2.2, RAND from the HSS. */
export function refreshE2eKeyset(
  e2eKeyset: Uint8Array,
  rand: Uint8Array,
  cfg: AppKeyKdfConfig = DEFAULT_APP_KEY_KDF,
): Buffer {
  requireLength(e2eKeyset, 32, 'e2eKeyset');
  requireLength(rand, 16, 'rand');
  return kdf(e2eKeyset, cfg.e2eRefreshFc, [rand]);
}

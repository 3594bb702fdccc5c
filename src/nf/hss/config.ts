import { DEFAULT_SQN_CONFIG, validateSqnConfig, type SqnConfig } from '../../aka/sqn.js';

export interface HssConfig {
  readonly sqn: SqnConfig;
  /** Bound on the per-subscriber Milenage instances (one AES cipher per K) kept between requests. */
  readonly milenageCacheSize: number;
  /** Most vectors one request may ask for (TS 29.272 allows up to 5 per AIR for E-UTRAN). */
  readonly maxVectorsPerRequest: number;
}

export const DEFAULT_HSS_CONFIG: HssConfig = Object.freeze({
  sqn: DEFAULT_SQN_CONFIG,
  milenageCacheSize: 10_000,
  maxVectorsPerRequest: 5,
});

export function hssConfig(overrides: Partial<HssConfig> = {}): HssConfig {
  const cfg = { ...DEFAULT_HSS_CONFIG, ...overrides };
  validateSqnConfig(cfg.sqn);
  return cfg;
}

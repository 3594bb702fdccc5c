import type { JSONSchemaType } from 'ajv';
import type { EnvBinding } from '../../config/load.js';

/** Configuration of `ciotsec serve emks`. */
export interface EmksServerConfig {
  listen: { host: string; port: number };
  /** Prometheus metrics on a plain-HTTP listener; port null = off. */
  metrics: { host: string; port: number | null };
  dataDir: string;
  pki: { dir: string; instance: string };
  /** SQLite file (embedded default), or a PostgreSQL URL shared by several instances. */
  store: { sqlite: string; postgres: string | null; schema: string };
  /** e2m_int_keys kept per UE: the current one and those a UE may still present (seed 001 races a, b). */
  retention: number;
  authorization: { anchorKeys: string[]; emse: string[]; provisioning: string[] };
}

const obj = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  additionalProperties: false,
  default: {},
  properties,
  required,
});

export const emksServerConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    listen: obj(
      {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'integer', minimum: 0, maximum: 65535, default: 7102 },
      },
      ['host', 'port'],
    ),
    metrics: obj(
      {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: ['integer', 'null'], minimum: 0, maximum: 65535, default: null },
      },
      ['host', 'port'],
    ),
    dataDir: { type: 'string', default: 'ciotsec-data' },
    pki: obj(
      { dir: { type: 'string', default: 'ciotsec-data/pki' }, instance: { type: 'string', default: 'emks' } },
      ['dir', 'instance'],
    ),
    store: obj(
      {
        sqlite: { type: 'string', default: 'ciotsec-data/emks.db' },
        postgres: { type: ['string', 'null'], default: null },
        schema: { type: 'string', pattern: '^[a-z_][a-z0-9_]{0,62}$', default: 'ciotsec' },
      },
      ['sqlite', 'postgres', 'schema'],
    ),
    retention: { type: 'integer', minimum: 1, maximum: 64, default: 3 },
    authorization: obj(
      {
        anchorKeys: { type: 'array', items: { type: 'string' }, default: ['hss'] },
        emse: { type: 'array', items: { type: 'string' }, default: ['emse'] },
        provisioning: { type: 'array', items: { type: 'string' }, default: ['oam'] },
      },
      ['anchorKeys', 'emse', 'provisioning'],
    ),
  },
  required: ['listen', 'metrics', 'dataDir', 'pki', 'store', 'retention', 'authorization'],
} as unknown as JSONSchemaType<EmksServerConfig>;

export const EMKS_ENV: readonly EnvBinding[] = [
  { env: 'CIOTSEC_EMKS_HOST', path: 'listen.host', type: 'string' },
  { env: 'CIOTSEC_EMKS_PORT', path: 'listen.port', type: 'integer' },
  { env: 'CIOTSEC_EMKS_METRICS_PORT', path: 'metrics.port', type: 'integer' },
  { env: 'CIOTSEC_DATA_DIR', path: 'dataDir', type: 'string' },
  { env: 'CIOTSEC_PKI_DIR', path: 'pki.dir', type: 'string' },
  { env: 'CIOTSEC_EMKS_DB', path: 'store.sqlite', type: 'string' },
  { env: 'CIOTSEC_EMKS_PG_URL', path: 'store.postgres', type: 'string-or-null' },
  { env: 'CIOTSEC_PG_SCHEMA', path: 'store.schema', type: 'string' },
  { env: 'CIOTSEC_EMKS_RETENTION', path: 'retention', type: 'integer' },
];

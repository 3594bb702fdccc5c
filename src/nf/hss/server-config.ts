import type { JSONSchemaType } from 'ajv';
import type { EnvBinding } from '../../config/load.js';

/** Configuration of `ciotsec serve hss` (validated; unknown keys fail naming the key). */
export interface HssServerConfig {
  listen: { host: string; port: number };
  /** Prometheus metrics on a plain-HTTP listener; port null = off. */
  metrics: { host: string; port: number | null };
  dataDir: string;
  pki: { dir: string; instance: string };
  /** SQLite file (embedded default), or a PostgreSQL URL shared by several instances. */
  store: { sqlite: string; postgres: string | null; schema: string };
  /** EMKS base URL for e2m_int_key pushes; null disables pushes (keys stay in the outbox). */
  emks: { url: string | null };
  sqn: { indBits: number; delta: number; ageLimit: number | null };
  maxVectorsPerRequest: number;
  outbox: { retryMinMs: number; retryMaxMs: number; batch: number; pollMs: number };
  /** NF types (from client certificates) allowed to call each API. */
  authorization: { authInfo: string[]; provisioning: string[] };
}

export const hssServerConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    listen: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'integer', minimum: 0, maximum: 65535, default: 7101 },
      },
      required: ['host', 'port'],
    },
    metrics: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: ['integer', 'null'], minimum: 0, maximum: 65535, default: null },
      },
      required: ['host', 'port'],
    },
    dataDir: { type: 'string', default: 'ciotsec-data' },
    pki: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        dir: { type: 'string', default: 'ciotsec-data/pki' },
        instance: { type: 'string', default: 'hss' },
      },
      required: ['dir', 'instance'],
    },
    store: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        sqlite: { type: 'string', default: 'ciotsec-data/hss.db' },
        postgres: { type: ['string', 'null'], default: null },
        schema: { type: 'string', pattern: '^[a-z_][a-z0-9_]{0,62}$', default: 'ciotsec' },
      },
      required: ['sqlite', 'postgres', 'schema'],
    },
    emks: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: { url: { type: ['string', 'null'], default: 'https://127.0.0.1:7102' } },
      required: ['url'],
    },
    sqn: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        indBits: { type: 'integer', minimum: 0, maximum: 16, default: 5 },
        delta: { type: 'integer', minimum: 1, default: 268435456 },
        ageLimit: { type: ['integer', 'null'], minimum: 1, default: null },
      },
      required: ['indBits', 'delta', 'ageLimit'],
    },
    maxVectorsPerRequest: { type: 'integer', minimum: 1, maximum: 32, default: 5 },
    outbox: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        retryMinMs: { type: 'integer', minimum: 1, default: 200 },
        retryMaxMs: { type: 'integer', minimum: 1, default: 30000 },
        batch: { type: 'integer', minimum: 1, default: 50 },
        pollMs: { type: 'integer', minimum: 10, default: 1000 },
      },
      required: ['retryMinMs', 'retryMaxMs', 'batch', 'pollMs'],
    },
    authorization: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        authInfo: { type: 'array', items: { type: 'string' }, default: ['sn'] },
        provisioning: { type: 'array', items: { type: 'string' }, default: ['oam'] },
      },
      required: ['authInfo', 'provisioning'],
    },
  },
  required: [
    'listen',
    'dataDir',
    'pki',
    'store',
    'emks',
    'sqn',
    'maxVectorsPerRequest',
    'outbox',
    'authorization',
  ],
} as unknown as JSONSchemaType<HssServerConfig>;

export const HSS_ENV: readonly EnvBinding[] = [
  { env: 'CIOTSEC_HSS_HOST', path: 'listen.host', type: 'string' },
  { env: 'CIOTSEC_HSS_PORT', path: 'listen.port', type: 'integer' },
  { env: 'CIOTSEC_HSS_METRICS_PORT', path: 'metrics.port', type: 'integer' },
  { env: 'CIOTSEC_DATA_DIR', path: 'dataDir', type: 'string' },
  { env: 'CIOTSEC_PKI_DIR', path: 'pki.dir', type: 'string' },
  { env: 'CIOTSEC_HSS_DB', path: 'store.sqlite', type: 'string' },
  { env: 'CIOTSEC_HSS_PG_URL', path: 'store.postgres', type: 'string-or-null' },
  { env: 'CIOTSEC_PG_SCHEMA', path: 'store.schema', type: 'string' },
  { env: 'CIOTSEC_HSS_EMKS_URL', path: 'emks.url', type: 'string-or-null' },
  { env: 'CIOTSEC_HSS_PROVISIONING', path: 'authorization.provisioning', type: 'string-list' },
  { env: 'CIOTSEC_HSS_IND_BITS', path: 'sqn.indBits', type: 'integer' },
];

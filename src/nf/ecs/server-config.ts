import type { JSONSchemaType } from 'ajv';
import type { EnvBinding } from '../../config/load.js';

/** Configuration of `ciotsec serve ecs`. */
export interface EcsServerConfig {
  listen: { host: string; port: number };
  dataDir: string;
  /** The ECSP trust domain (CA, ECS TLS certificate), created on first start. */
  ecspDir: string;
  store: { sqlite: string };
  /** How onboarding tokens are checked (RFC 9068 §4). */
  onboarding: {
    issuer: string;
    audience: string;
    scope: string;
    tokenKey: string;
    clockToleranceSeconds: number;
  };
  /** PEM files of the third-party CAs whose EES certificates the ECSP accepts. */
  trustAnchors: string[];
  registration: { defaultSeconds: number; maxSeconds: number; sweepSeconds: number };
  certificateValidDays: number;
  secretToken: boolean;
}

const obj = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  additionalProperties: false,
  default: {},
  properties,
  required,
});

export const ecsServerConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    listen: obj(
      {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'integer', minimum: 0, maximum: 65535, default: 7201 },
      },
      ['host', 'port'],
    ),
    dataDir: { type: 'string', default: 'ciotsec-data' },
    ecspDir: { type: 'string', default: 'ciotsec-data/ecsp' },
    store: obj({ sqlite: { type: 'string', default: 'ciotsec-data/ecs.db' } }, ['sqlite']),
    onboarding: obj(
      {
        issuer: { type: 'string', minLength: 1, default: 'https://127.0.0.1:7202' },
        audience: { type: 'string', minLength: 1, default: 'urn:ciotsec:ecs' },
        scope: { type: 'string', minLength: 1, default: 'eecs-eesregistration' },
        tokenKey: { type: 'string', default: 'ciotsec-data/ecsp/authz-signing.key.pub' },
        clockToleranceSeconds: { type: 'integer', minimum: 0, maximum: 300, default: 0 },
      },
      ['issuer', 'audience', 'scope', 'tokenKey', 'clockToleranceSeconds'],
    ),
    trustAnchors: { type: 'array', items: { type: 'string' }, default: [] },
    registration: obj(
      {
        defaultSeconds: { type: 'integer', minimum: 1, default: 86400 },
        maxSeconds: { type: 'integer', minimum: 1, default: 604800 },
        sweepSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 30 },
      },
      ['defaultSeconds', 'maxSeconds', 'sweepSeconds'],
    ),
    certificateValidDays: { type: 'integer', minimum: 1, maximum: 825, default: 30 },
    secretToken: { type: 'boolean', default: true },
  },
  required: [
    'listen',
    'dataDir',
    'ecspDir',
    'store',
    'onboarding',
    'trustAnchors',
    'registration',
    'certificateValidDays',
    'secretToken',
  ],
} as unknown as JSONSchemaType<EcsServerConfig>;

export const ECS_ENV: readonly EnvBinding[] = [
  { env: 'CIOTSEC_ECS_HOST', path: 'listen.host', type: 'string' },
  { env: 'CIOTSEC_ECS_PORT', path: 'listen.port', type: 'integer' },
  { env: 'CIOTSEC_DATA_DIR', path: 'dataDir', type: 'string' },
  { env: 'CIOTSEC_ECSP_DIR', path: 'ecspDir', type: 'string' },
  { env: 'CIOTSEC_ECS_DB', path: 'store.sqlite', type: 'string' },
  { env: 'CIOTSEC_ECS_TOKEN_ISSUER', path: 'onboarding.issuer', type: 'string' },
  { env: 'CIOTSEC_ECS_TOKEN_AUDIENCE', path: 'onboarding.audience', type: 'string' },
  { env: 'CIOTSEC_ECS_TOKEN_KEY', path: 'onboarding.tokenKey', type: 'string' },
];

import type { JSONSchemaType } from 'ajv';
import type { EnvBinding } from '../../config/load.js';
import type { OAuthClient } from './procedures/client-credentials.js';

/** Configuration of `ciotsec serve ecsp-authz`: the ECSP's OAuth 2.0 authorization server. */
export interface AuthzServerConfig {
  listen: { host: string; port: number };
  /** ECSP trust domain: CA, TLS certificate of `authz` (created on first start). */
  ecspDir: string;
  /** `iss` of every token, and where the token endpoint lives. */
  issuer: string;
  /** ES256 signing key (PKCS#8 PEM, created on first start; public half at `<file>.pub`). */
  signingKey: string;
  tokenTtlSeconds: number;
  clients: OAuthClient[];
}

export const authzServerConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    listen: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'integer', minimum: 0, maximum: 65535, default: 7202 },
      },
      required: ['host', 'port'],
    },
    ecspDir: { type: 'string', default: 'ciotsec-data/ecsp' },
    issuer: { type: 'string', minLength: 1, default: 'https://127.0.0.1:7202' },
    signingKey: { type: 'string', default: 'ciotsec-data/ecsp/authz-signing.key' },
    tokenTtlSeconds: { type: 'integer', minimum: 10, maximum: 86400, default: 600 },
    clients: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          clientId: { type: 'string', minLength: 1, maxLength: 128 },
          secretSha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
          scopes: { type: 'array', items: { type: 'string' }, minItems: 1 },
          audience: { type: 'string', minLength: 1 },
        },
        required: ['clientId', 'secretSha256', 'scopes', 'audience'],
      },
    },
  },
  required: ['listen', 'ecspDir', 'issuer', 'signingKey', 'tokenTtlSeconds', 'clients'],
} as unknown as JSONSchemaType<AuthzServerConfig>;

export const AUTHZ_ENV: readonly EnvBinding[] = [
  { env: 'CIOTSEC_ECSP_AUTHZ_HOST', path: 'listen.host', type: 'string' },
  { env: 'CIOTSEC_ECSP_AUTHZ_PORT', path: 'listen.port', type: 'integer' },
  { env: 'CIOTSEC_ECSP_DIR', path: 'ecspDir', type: 'string' },
  { env: 'CIOTSEC_ECSP_AUTHZ_ISSUER', path: 'issuer', type: 'string' },
  { env: 'CIOTSEC_ECSP_AUTHZ_SIGNING_KEY', path: 'signingKey', type: 'string' },
];

import type { JSONSchemaType } from 'ajv';
import type { EnvBinding } from '../../config/load.js';

/** Configuration of `ciotsec serve emse`. */
export interface EmseServerConfig {
  /** DTLS over UDP on dtlsPort (CoAPS, RFC 7252 §12.7: 5684); TLS-PSK over TCP on tlsPort (D-021). */
  listen: { host: string; dtlsPort: number; tlsPort: number | null };
  /** Certificate `emse-<instance>` of the PKI directory; the instance is this EMSE's EMSE_Id. */
  pki: { dir: string; instance: string };
  emks: { url: string; cacheSize: number; timeoutMs: number };
  dtls: { maxSessions: number; maxHalfOpen: number; pskLookupTimeoutMs: number };
  /** UE identities the compact psk_identity form may name (D-022); full-form identities are learnt. */
  knownIdentities: string[];
  measurements: { keep: number };
}

const obj = (properties: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  additionalProperties: false,
  default: {},
  properties,
  required,
});

export const emseServerConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    listen: obj(
      {
        host: { type: 'string', default: '127.0.0.1' },
        dtlsPort: { type: 'integer', minimum: 0, maximum: 65535, default: 5684 },
        tlsPort: { type: ['integer', 'null'], minimum: 0, maximum: 65535, default: 5685 },
      },
      ['host', 'dtlsPort', 'tlsPort'],
    ),
    pki: obj(
      {
        dir: { type: 'string', default: 'ciotsec-data/pki' },
        instance: { type: 'string', default: 'emse-1' },
      },
      ['dir', 'instance'],
    ),
    emks: obj(
      {
        url: { type: 'string', default: 'https://127.0.0.1:7102' },
        cacheSize: { type: 'integer', minimum: 1, default: 10000 },
        timeoutMs: { type: 'integer', minimum: 1, default: 5000 },
      },
      ['url', 'cacheSize', 'timeoutMs'],
    ),
    dtls: obj(
      {
        maxSessions: { type: 'integer', minimum: 1, default: 1024 },
        maxHalfOpen: { type: 'integer', minimum: 1, default: 64 },
        pskLookupTimeoutMs: { type: 'integer', minimum: 1, default: 5000 },
      },
      ['maxSessions', 'maxHalfOpen', 'pskLookupTimeoutMs'],
    ),
    knownIdentities: { type: 'array', items: { type: 'string' }, default: [] },
    measurements: obj({ keep: { type: 'integer', minimum: 1, default: 1000 } }, ['keep']),
  },
  required: ['listen', 'pki', 'emks', 'dtls', 'knownIdentities', 'measurements'],
} as unknown as JSONSchemaType<EmseServerConfig>;

export const EMSE_ENV: readonly EnvBinding[] = [
  { env: 'CIOTSEC_EMSE_HOST', path: 'listen.host', type: 'string' },
  { env: 'CIOTSEC_EMSE_DTLS_PORT', path: 'listen.dtlsPort', type: 'integer' },
  { env: 'CIOTSEC_EMSE_TLS_PORT', path: 'listen.tlsPort', type: 'integer' },
  { env: 'CIOTSEC_PKI_DIR', path: 'pki.dir', type: 'string' },
  { env: 'CIOTSEC_EMSE_INSTANCE', path: 'pki.instance', type: 'string' },
  { env: 'CIOTSEC_EMSE_EMKS_URL', path: 'emks.url', type: 'string' },
];

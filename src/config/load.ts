import { existsSync, readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type JSONSchemaType } from 'ajv';
import { ConfigError } from '../errors/base.js';

/** One environment variable that overrides one config key (dotted path), with its type. */
export interface EnvBinding {
  readonly env: string;
  readonly path: string;
  readonly type: 'string' | 'integer' | 'boolean' | 'string-or-null' | 'string-list';
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (typeof o[k] !== 'object' || o[k] === null) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]!] = value;
}

function envValue(b: EnvBinding, raw: string): unknown {
  if (b.type === 'integer') {
    if (!/^-?[0-9]+$/.test(raw)) throw new ConfigError(b.path, `${b.env} must be an integer`);
    return Number(raw);
  }
  if (b.type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') throw new ConfigError(b.path, `${b.env} must be true or false`);
    return raw === 'true';
  }
  if (b.type === 'string-list')
    return raw
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
  if (b.type === 'string-or-null') return raw === '' || raw === 'null' ? null : raw;
  return raw;
}

function describe(e: ErrorObject): { key: string; message: string } {
  const base = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    return { key: base === '' ? extra : `${base}.${extra}`, message: 'unknown setting' };
  }
  return { key: base === '' ? '(root)' : base, message: e.message ?? 'invalid' };
}

/**
 * Builds a validated configuration: schema defaults, then the JSON file (if any), then environment
 * variables, then explicit overrides (CLI flags). Unknown keys and wrong types fail with the key named.
 */
export function loadConfig<T>(
  schema: JSONSchemaType<T>,
  sources: {
    file?: string | undefined;
    env?: NodeJS.ProcessEnv;
    bindings?: readonly EnvBinding[];
    overrides?: Record<string, unknown>;
  },
): T {
  let data: Record<string, unknown> = {};
  if (sources.file !== undefined) {
    if (!existsSync(sources.file)) throw new ConfigError('--config', `file not found: ${sources.file}`);
    try {
      data = JSON.parse(readFileSync(sources.file, 'utf8')) as Record<string, unknown>;
    } catch (cause) {
      throw new ConfigError('--config', `${sources.file} is not valid JSON: ${(cause as Error).message}`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new ConfigError('--config', 'must hold a JSON object');
    }
  }
  for (const b of sources.bindings ?? []) {
    const raw = sources.env?.[b.env];
    if (raw !== undefined) setPath(data, b.path, envValue(b, raw));
  }
  for (const [path, value] of Object.entries(sources.overrides ?? {})) {
    if (value !== undefined) setPath(data, path, value);
  }
  const ajv = new Ajv({ useDefaults: true, allErrors: false, strict: true });
  const validate = ajv.compile(schema);
  if (!validate(data)) {
    const { key, message } = describe(validate.errors![0]!);
    throw new ConfigError(key, message);
  }
  return data as T;
}

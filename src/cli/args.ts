import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fromHex } from '../crypto/bytes.js';
import { InvalidInputError } from '../errors/base.js';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | string[] | undefined>;

export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
} as const satisfies Options;

/** Parses a command's options; positional arguments are refused unless the command takes `positionals`. */
export function parse(
  args: string[],
  options: Options,
  positionals = 0,
): { values: Values; positionals: string[] } {
  const r = parseArgs({
    args,
    options: { ...COMMON_OPTIONS, ...options },
    strict: true,
    allowPositionals: true,
  });
  if (r.positionals.length > positionals) {
    throw new UsageError(`unexpected argument '${r.positionals[positionals]}'`);
  }
  return { values: r.values as Values, positionals: r.positionals };
}

export function requireString(values: Values, name: string): string {
  const v = values[name];
  if (typeof v !== 'string') throw new UsageError(`missing --${name}`);
  return v;
}

export function hexOption(values: Values, name: string, length?: number): Buffer {
  return fromHex(requireString(values, name), `--${name}`, length);
}

/** Exactly one of two alternative options, e.g. --op or --opc. */
export function oneOf(values: Values, a: string, b: string): { name: string; value: string } {
  const va = values[a];
  const vb = values[b];
  if (typeof va === 'string' && typeof vb === 'string')
    throw new UsageError(`give --${a} or --${b}, not both`);
  if (typeof va === 'string') return { name: a, value: va };
  if (typeof vb === 'string') return { name: b, value: vb };
  throw new UsageError(`missing --${a} or --${b}`);
}

export function intOption(values: Values, name: string, min: number, max: number): number | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^[0-9]+$/.test(v))
    throw new InvalidInputError(`--${name}`, 'must be a decimal integer');
  const n = Number(v);
  if (n < min || n > max) throw new InvalidInputError(`--${name}`, `must be ${min}..${max}`);
  return n;
}

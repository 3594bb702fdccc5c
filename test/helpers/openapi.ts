import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Ajv } from 'ajv';
import { repoRoot } from './repo.js';

/** The official 3GPP OpenAPI files bundled for tests (test/vectors/3gpp-openapi, from jdegre/5GC_APIs). */
export const OFFICIAL_DIR = join(repoRoot(), 'test', 'vectors', '3gpp-openapi');

export function officialDoc(file: string): Record<string, unknown> {
  return parse(readFileSync(join(OFFICIAL_DIR, file), 'utf8')) as Record<string, unknown>;
}

/**
 * Ajv holding every bundled official file under its file name, so `$ref`s between files resolve.
 * `endPointAnyOf` applies the one documented correction (docs/decisions.md D-024): TS 29.558's
 * `EndPoint` says `oneOf` although an end point may carry several addresses (jdegre/5GC_APIs PR #55).
 */
export function officialAjv(opts: { endPointAnyOf?: boolean } = {}): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  for (const f of readdirSync(OFFICIAL_DIR).filter((n) => n.endsWith('.yaml'))) {
    const doc = officialDoc(f);
    if (opts.endPointAnyOf === true && f === 'TS29558_Eees_EASRegistration.yaml') endPointAsAnyOf(doc);
    ajv.addSchema(doc, f);
  }
  return ajv;
}

function endPointAsAnyOf(doc: Record<string, unknown>): void {
  const schemas = (doc['components'] as { schemas: Record<string, Record<string, unknown>> }).schemas;
  const ep = schemas['EndPoint']!;
  if (!Array.isArray(ep['oneOf'])) throw new Error('EndPoint no longer has oneOf: revisit D-024');
  ep['anyOf'] = ep['oneOf'];
  delete ep['oneOf'];
}

const DROP = new Set(['description', 'example', 'examples', 'externalDocs', 'xml', 'deprecated']);

/**
 * Derives self-contained JSON Schemas for the Eecs_EESRegistration bodies from the official files:
 * every schema reachable from `roots` is copied into `$defs` under `<file stem>.<name>`, `$ref`s are
 * rewritten to point there, descriptions are dropped, and `EndPoint` gets `anyOf` (D-024).
 * src/nf/ecs/api/eecs-schemas.ts is this function's output (scripts/derive-eecs-schemas.mjs).
 */
export function deriveSchemas(
  roots: readonly { file: string; name: string }[],
): Record<string, Record<string, unknown>> {
  const docs = new Map<string, Record<string, unknown>>();
  const load = (f: string): Record<string, unknown> => {
    let d = docs.get(f);
    if (d === undefined) {
      d = officialDoc(f);
      docs.set(f, d);
    }
    return d;
  };
  const defs: Record<string, Record<string, unknown>> = {};
  const keyOf = (file: string, name: string): string => `${file.replace(/\.yaml$/, '')}.${name}`;
  const visit = (file: string, name: string): string => {
    const key = keyOf(file, name);
    if (defs[key] !== undefined) return key;
    const schemas = (load(file)['components'] as { schemas: Record<string, unknown> }).schemas;
    const s = schemas[name];
    if (s === undefined) throw new Error(`${file}: no schema ${name}`);
    defs[key] = {}; // placeholder against cycles
    const copy = rewrite(file, s) as Record<string, unknown>;
    if (key === 'TS29558_Eees_EASRegistration.EndPoint' && Array.isArray(copy['oneOf'])) {
      copy['anyOf'] = copy['oneOf'];
      delete copy['oneOf'];
    }
    defs[key] = copy;
    return key;
  };
  const rewrite = (file: string, node: unknown): unknown => {
    if (Array.isArray(node)) return node.map((n) => rewrite(file, n));
    if (typeof node !== 'object' || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (DROP.has(k)) continue;
      if (k === '$ref' && typeof v === 'string') {
        const m = /^([^#]*)#\/components\/schemas\/([^/]+)$/.exec(v);
        if (m === null) throw new Error(`unsupported $ref ${v} in ${file}`);
        out[k] = `#/$defs/${visit(m[1] === '' ? file : m[1]!, m[2]!)}`;
      } else if (k === 'properties' && typeof v === 'object' && v !== null) {
        // Property names are data, not keywords: keep a property called `description`.
        out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, rewrite(file, s)]));
      } else {
        out[k] = rewrite(file, v);
      }
    }
    return out;
  };
  for (const r of roots) visit(r.file, r.name);
  return Object.fromEntries(
    Object.keys(defs)
      .sort()
      .map((k) => [k, defs[k]!]),
  );
}

export const EECS_ROOTS = [
  { file: 'TS29558_Eecs_EESRegistration.yaml', name: 'EESRegistration' },
  { file: 'TS29558_Eecs_EESRegistration.yaml', name: 'EESRegistrationPatch' },
  { file: 'TS29122_CommonData.yaml', name: 'ProblemDetails' },
] as const;

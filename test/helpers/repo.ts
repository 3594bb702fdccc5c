import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest ancestor of this file with the project's package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'ciotsec')
      return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
}

export interface VectorFile<V> {
  readonly source: string;
  readonly notes?: string;
  readonly vectors: readonly V[];
}

/** Loads test/vectors/<path>; every file must name its source and hold at least one vector. */
export function loadVectors<V>(path: string): VectorFile<V> {
  const file = JSON.parse(readFileSync(join(repoRoot(), 'test', 'vectors', path), 'utf8')) as VectorFile<V>;
  if (typeof file.source !== 'string' || file.source.length < 10) throw new Error(`${path}: no source named`);
  if (!Array.isArray(file.vectors) || file.vectors.length === 0) throw new Error(`${path}: no vectors`);
  return file;
}

/** Hex from a vector file, with spacing and case normalised. */
export function hex(s: string | undefined): Buffer {
  if (s === undefined) throw new Error('vector field missing');
  return Buffer.from(s.replace(/\s+/g, '').replace(/^0x/i, '').toLowerCase(), 'hex');
}

export function randomSeed(): number {
  const env = process.env['CIOTSEC_TEST_SEED'];
  return env !== undefined ? Number(env) : Math.floor(Math.random() * 2 ** 31);
}

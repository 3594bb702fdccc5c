import fc from 'fast-check';
import { randomSeed } from './repo.js';

/** fast-check parameters: a seed printed on failure (override with CIOTSEC_TEST_SEED), bounded runs. */
export function fcParams(numRuns = 100): fc.Parameters<unknown> {
  const seed = randomSeed();
  return { seed, numRuns, verbose: 1 };
}

export const bytes = (n: number): fc.Arbitrary<Buffer> =>
  fc.uint8Array({ minLength: n, maxLength: n }).map((a) => Buffer.from(a));

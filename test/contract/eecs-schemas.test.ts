import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EECS_DEFS } from '../../src/nf/ecs/api/eecs-schemas.js';
import { deriveSchemas, EECS_ROOTS } from '../helpers/openapi.js';

test('src/nf/ecs/api/eecs-schemas.ts is what the official TS 29.558 files derive to (not stale)', () => {
  assert.deepEqual(
    JSON.parse(JSON.stringify(EECS_DEFS)),
    deriveSchemas(EECS_ROOTS),
    'regenerate: npm run build && node scripts/derive-eecs-schemas.mjs',
  );
  const ep = EECS_DEFS['TS29558_Eees_EASRegistration.EndPoint'] as unknown as Record<string, unknown>;
  assert.ok(Array.isArray(ep['anyOf']) && ep['oneOf'] === undefined, 'EndPoint validated as anyOf (D-024)');
});

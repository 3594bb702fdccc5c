import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { parse } from 'yaml';
import { Ajv } from 'ajv';
import { randomBytes } from 'node:crypto';
import { SecretKey } from '../../src/crypto/secret-key.js';
import { registerEmksRoutes, SqliteEmksStore } from '../../src/nf/emks/index.js';
import { registerAuthenticationInfo } from '../../src/nf/hss/api/authentication-info.js';
import { registerSubscribers } from '../../src/nf/hss/api/subscribers.js';
import { createHssContext } from '../../src/nf/hss/context.js';
import { hssConfig } from '../../src/nf/hss/index.js';
import { SqliteSubscriberStore } from '../../src/store/sqlite/subscriber-store.js';
import { repoRoot } from '../helpers/repo.js';

// docs/openapi/*.yaml must describe exactly the routes the servers register, so the docs match the code.
interface OpenApi {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}
const doc = (name: string): OpenApi =>
  parse(readFileSync(join(repoRoot(), 'docs', 'openapi', name), 'utf8')) as OpenApi;
const docRoutes = (d: OpenApi): string[] =>
  Object.entries(d.paths)
    .flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => ['get', 'put', 'post', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${p}`),
    )
    .sort();

function collect(register: (app: ReturnType<typeof Fastify>) => void): string[] {
  const app = Fastify();
  const routes: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat())
      if (m !== 'HEAD') routes.push(`${m} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`);
  });
  register(app);
  return routes.sort();
}

test('docs/openapi/emks.yaml lists exactly the EMKS routes', async () => {
  const store = SqliteEmksStore.open(':memory:', SecretKey.from(randomBytes(32)));
  const routes = collect((app) =>
    registerEmksRoutes(
      app,
      { store, retention: 3, kdf: undefined, now: () => new Date() },
      { anchorKeys: [], emse: [], provisioning: [] },
    ),
  );
  assert.deepEqual(routes, docRoutes(doc('emks.yaml')));
  await store.close();
});

test('docs/openapi/hss.yaml lists exactly the HSS routes', async () => {
  const store = SqliteSubscriberStore.open(':memory:', SecretKey.from(randomBytes(32)));
  const ctx = createHssContext({ config: hssConfig(), store });
  const routes = collect((app) => {
    registerAuthenticationInfo(app, ctx, []);
    registerSubscribers(app, ctx, []);
  });
  assert.deepEqual(routes, docRoutes(doc('hss.yaml')));
  await store.close();
});

test('documented schemas accept what the EMKS sends and reject what it refuses', () => {
  const schemas = doc('emks.yaml').components.schemas;
  const ajv = new Ajv({ strict: false });
  const e2mKey = ajv.compile(schemas['E2mKey'] as object);
  assert.ok(e2mKey({ ueId: 'dev-1', keyId: '0a0b0c0d', emseId: 'emse-1', e2mKey: 'ab'.repeat(32) }));
  assert.ok(!e2mKey({ ueId: 'dev-1', keyId: '0a0b0c0d', emseId: 'emse-1' }));
  const anchor = ajv.compile(schemas['AkmaKeyInfo'] as object);
  assert.ok(anchor({ supi: 'imsi-001010000000001', aKId: '0a0b0c0d', kAkma: 'ab'.repeat(32) }));
  assert.ok(!anchor({ supi: 'nai-x', aKId: '0a0b0c0d', kAkma: 'ab'.repeat(32) }));
});

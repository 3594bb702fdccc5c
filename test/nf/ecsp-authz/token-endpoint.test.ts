import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { loadConfig } from '../../../src/config/load.js';
import {
  authzServerConfigSchema,
  hashClientSecret,
  requestAccessToken,
  startAuthzServer,
  verifyAccessToken,
  type AuthzServer,
  type AuthzServerConfig,
} from '../../../src/nf/ecsp-authz/index.js';

let server: AuthzServer;
let dir: string;
const SECRET = 's3cret value';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ciotsec-authz-'));
  server = await startAuthzServer(
    loadConfig<AuthzServerConfig>(authzServerConfigSchema, {
      overrides: {
        'listen.port': 0,
        ecspDir: join(dir, 'ecsp'),
        signingKey: join(dir, 'ecsp', 'authz-signing.key'),
        issuer: 'https://as.test',
        clients: [
          {
            clientId: 'p1',
            secretSha256: hashClientSecret(SECRET),
            scopes: ['eecs-eesregistration'],
            audience: 'urn:ecs',
          },
        ],
      },
    }),
  );
});
after(async () => {
  await server.close();
});

test('client-credentials grant: an RFC 9068 ES256 access token the ECS policy accepts', async () => {
  const ca = readFileSync(join(dir, 'ecsp', 'ca.crt'), 'utf8');
  const t = await requestAccessToken(server.url, ca, { clientId: 'p1', clientSecret: SECRET });
  assert.equal(t.token_type, 'Bearer');
  assert.equal(t.scope, 'eecs-eesregistration');
  assert.deepEqual(decodeProtectedHeader(t.access_token), { alg: 'ES256', typ: 'at+jwt' });
  const key = createPublicKey(readFileSync(join(dir, 'ecsp', 'authz-signing.key.pub'), 'utf8'));
  const claims = await verifyAccessToken(
    t.access_token,
    { key, issuer: 'https://as.test', audience: 'urn:ecs', scope: 'eecs-eesregistration' },
    new Date(),
  );
  assert.equal(claims.sub, 'p1');
  assert.equal(claims.client_id, 'p1');
  assert.equal(claims.exp - claims.iat, 600);
});

test('token endpoint refusals: wrong secret, unknown client (invalid_client); other scope (invalid_scope)', async () => {
  const ca = readFileSync(join(dir, 'ecsp', 'ca.crt'), 'utf8');
  for (const c of [
    { clientId: 'p1', clientSecret: 'wrong' },
    { clientId: 'nobody', clientSecret: SECRET },
  ]) {
    await assert.rejects(requestAccessToken(server.url, ca, c), (e: { error?: string; status?: number }) => {
      return e.error === 'invalid_client' && e.status === 401;
    });
  }
  await assert.rejects(
    requestAccessToken(server.url, ca, { clientId: 'p1', clientSecret: SECRET }, 'eecs-serviceprovisioning'),
    (e: { error?: string }) => e.error === 'invalid_scope',
  );
});

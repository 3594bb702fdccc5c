import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { onboardEes, EesRegistrationClient } from '../../src/nf/ees/index.js';
import { ONBOARDING_MEMBER } from '../../src/nf/ecs/index.js';
import { SbiResponseError } from '../../src/sbi/index.js';
import { officialAjv, officialDoc } from '../helpers/openapi.js';
import { profile, startEdge, type EdgeFixture } from '../helpers/edge.js';

let edge: EdgeFixture;
const official = officialAjv();
const EESRegistration = official.getSchema(
  'TS29558_Eecs_EESRegistration.yaml#/components/schemas/EESRegistration',
)!;

before(async () => {
  edge = await startEdge();
});
after(async () => {
  await edge.close();
});

test('TestEesOnboarding: token + profile + CSR → registration, certificate under the ECSP CA, secret token; update and deregister over mutual TLS', async () => {
  const cred = { ecsUrl: edge.ecs.url, rootCaPem: edge.rootCaPem, accessToken: await edge.token() };
  const ees = await onboardEes(cred, { profile: profile('ees-alpha') });
  assert.match(ees.registrationId, /^[0-9a-f-]{36}$/);
  assert.ok(ees.location.endsWith(`/eecs-eesregistration/v1/registrations/${ees.registrationId}`));
  assert.ok(EESRegistration(ees.registration), JSON.stringify(EESRegistration.errors));
  const cert = new X509Certificate(ees.certPem);
  assert.ok(cert.verify(new X509Certificate(edge.rootCaPem).publicKey), 'issued by the ECSP CA');
  assert.match(cert.subjectAltName ?? '', /URI:urn:ciotsec:ees:ees-alpha/);
  assert.equal(typeof ees.secretToken, 'string');
  const c = new EesRegistrationClient(edge.ecs.url, edge.rootCaPem, ees);
  const got = await c.get();
  assert.ok(EESRegistration(got));
  assert.equal((got[ONBOARDING_MEMBER] as { onboardingSecret?: string }).onboardingSecret, undefined);
  const put = await c.update({ eesProf: { ...profile('ees-alpha'), easIds: ['eas-1'] } }, ees.secretToken);
  assert.deepEqual((put['eesProf'] as { easIds: string[] }).easIds, ['eas-1']);
  const patched = await c.modify({ eesProf: { ...profile('ees-alpha'), eecRegConf: true } });
  assert.equal((patched['eesProf'] as { eecRegConf: boolean }).eecRegConf, true);
  await c.deregister();
  await assert.rejects(c.get(), (e: unknown) => e instanceof SbiResponseError && e.status === 401);
});

test('the ECS serves exactly the paths and methods of the official Eecs_EESRegistration file', () => {
  const doc = officialDoc('TS29558_Eecs_EESRegistration.yaml') as {
    paths: Record<string, Record<string, unknown>>;
  };
  const official = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.keys(ops).map((m) => ({
      method: m.toUpperCase(),
      url: `/eecs-eesregistration/v1${p.replace(/\{(\w+)\}/g, ':$1')}`,
    })),
  );
  assert.equal(official.length, 5);
  assert.equal(
    edge.ecs.app.hasRoute({ method: 'PUT', url: '/eecs-eesregistration/v1/registrations' } as never),
    false,
  );
  for (const r of official) assert.ok(edge.ecs.app.hasRoute(r as never), `${r.method} ${r.url}`);
});

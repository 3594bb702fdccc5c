import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { connect } from 'node:http2';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCa, issueNfCertificate, createCsr, issueFromCsr, verifyCsr } from '../../../src/pki/index.js';
import { issueAccessToken } from '../../../src/nf/ecsp-authz/index.js';
import { onboardEes, EesRegistrationClient, type OnboardedEes } from '../../../src/nf/ees/index.js';
import { ONBOARDING_MEMBER } from '../../../src/nf/ecs/index.js';
import { officialAjv } from '../../helpers/openapi.js';
import { profile, startEdge, TestClock, writeTemp, type EdgeFixture } from '../../helpers/edge.js';

// The negative matrix of issue 5: each refusal has its status and ProblemDetails cause, and every body
// (request, answer, ProblemDetails) validates against the official TS 29.558 / TS 29.122 files.
const official = officialAjv({ endPointAnyOf: true });
const schema = (f: string, n: string) => official.getSchema(`${f}#/components/schemas/${n}`)!;
const EESRegistration = schema('TS29558_Eecs_EESRegistration.yaml', 'EESRegistration');
const EESRegistrationPatch = schema('TS29558_Eecs_EESRegistration.yaml', 'EESRegistrationPatch');
const ProblemDetails = schema('TS29122_CommonData.yaml', 'ProblemDetails');

let edge: EdgeFixture;
let thirdPartyCa: Awaited<ReturnType<typeof createCa>>;
let untrustedCa: Awaited<ReturnType<typeof createCa>>;

before(async () => {
  thirdPartyCa = await createCa('third-party EES CA');
  untrustedCa = await createCa('untrusted CA');
  const dir = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'ciotsec-tp-'));
  edge = await startEdge({
    trustAnchors: [writeTemp(dir, 'tp-ca.crt', thirdPartyCa.certPem)],
    clock: new TestClock(),
  });
});
after(async () => {
  await edge.close();
});

interface Raw {
  status: number;
  headers: Record<string, unknown>;
  body: Record<string, unknown>;
}

/** A raw request, so that tests control token, body, content type and TLS identity. */
function raw(
  method: string,
  path: string,
  body: unknown,
  o: { token?: string; cert?: string; key?: string; type?: string } = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const s = connect(edge.ecs.url, {
      ca: edge.rootCaPem,
      ...(o.cert !== undefined ? { cert: o.cert, key: o.key } : {}),
    });
    s.on('error', reject);
    const req = s.request({
      ':method': method,
      ':path': path,
      ...(body !== undefined ? { 'content-type': o.type ?? 'application/json' } : {}),
      ...(o.token !== undefined ? { authorization: `Bearer ${o.token}` } : {}),
    });
    let status = 0;
    let headers: Record<string, unknown> = {};
    let data = '';
    req.on('response', (h) => {
      status = Number(h[':status']);
      headers = h;
    });
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => {
      s.close();
      resolve({ status, headers, body: data === '' ? {} : (JSON.parse(data) as Record<string, unknown>) });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const REGS = '/eecs-eesregistration/v1/registrations';

async function registration(
  eesId: string,
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const { csrPem } = await createCsr(`CN=${eesId}`);
  const body = { eesProf: profile(eesId), [ONBOARDING_MEMBER]: { eesPublicKey: csrPem, ...extra } };
  assert.ok(EESRegistration(body), 'the request is a valid EESRegistration');
  return body;
}

function refused(r: Raw, status: number, cause: string): void {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.equal(r.body['cause'], cause);
  assert.ok(ProblemDetails(r.body), JSON.stringify(ProblemDetails.errors));
  assert.ok(!JSON.stringify(r.body).includes('BEGIN'), 'no key material in ProblemDetails');
}

async function onboard(eesId: string): Promise<OnboardedEes> {
  return onboardEes(
    { ecsUrl: edge.ecs.url, rootCaPem: edge.rootCaPem, accessToken: await edge.token() },
    { profile: profile(eesId) },
  );
}

test('missing token: 401 TOKEN_MISSING with WWW-Authenticate', async () => {
  const r = await raw('POST', REGS, await registration('ees-m1'));
  refused(r, 401, 'TOKEN_MISSING');
  assert.match(String(r.headers['www-authenticate']), /^Bearer/);
});

test('expired token: 401 TOKEN_EXPIRED', async () => {
  const token = await edge.token({ now: new Date(edge.clock.now().getTime() - 3_600_000), ttlSeconds: 60 });
  refused(await raw('POST', REGS, await registration('ees-m2'), { token }), 401, 'TOKEN_EXPIRED');
});

test('wrongly signed token: 401 TOKEN_INVALID', async () => {
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const token = await issueAccessToken(other, {
    issuer: 'https://as.ecsp.test',
    clientId: 'ees-provider-1',
    audience: 'urn:ciotsec:ecs:test',
    scope: 'eecs-eesregistration',
    ttlSeconds: 600,
    now: edge.clock.now(),
  });
  refused(await raw('POST', REGS, await registration('ees-m3'), { token }), 401, 'TOKEN_INVALID');
  // A token whose signature was altered after issuance is refused alike.
  const good = await edge.token();
  const tampered = `${good.slice(0, -4)}${good.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
  refused(await raw('POST', REGS, await registration('ees-m3'), { token: tampered }), 401, 'TOKEN_INVALID');
  refused(
    await raw('POST', REGS, await registration('ees-m3'), {
      token: await edge.token({ issuer: 'https://evil.example' }),
    }),
    401,
    'TOKEN_INVALID',
  );
});

test('wrong-audience token: 401 TOKEN_AUDIENCE_MISMATCH; wrong scope: 403 INSUFFICIENT_SCOPE', async () => {
  const token = await edge.token({ audience: 'urn:ciotsec:ecs:another' });
  refused(await raw('POST', REGS, await registration('ees-m4'), { token }), 401, 'TOKEN_AUDIENCE_MISMATCH');
  const scoped = await edge.token({ scope: 'eecs-serviceprovisioning' });
  refused(
    await raw('POST', REGS, await registration('ees-m4'), { token: scoped }),
    403,
    'INSUFFICIENT_SCOPE',
  );
});

test('replayed token: the second use is 401 TOKEN_REPLAYED', async () => {
  const token = await edge.token();
  const first = await raw('POST', REGS, await registration('ees-m5'), { token });
  assert.equal(first.status, 201);
  assert.ok(EESRegistration(first.body), JSON.stringify(EESRegistration.errors));
  refused(await raw('POST', REGS, await registration('ees-m5b'), { token }), 401, 'TOKEN_REPLAYED');
});

test('a token replayed within the clock tolerance after its exp is still refused (jti kept until exp + tolerance)', async () => {
  const clock = new TestClock();
  const tolerant = await startEdge({ clock, clockToleranceSeconds: 120 });
  try {
    const token = await tolerant.token({ ttlSeconds: 60 });
    const post = (body: Record<string, unknown>) =>
      new Promise<number>((resolve, reject) => {
        const s = connect(tolerant.ecs.url, { ca: tolerant.rootCaPem });
        s.on('error', reject);
        const req = s.request({
          ':method': 'POST',
          ':path': REGS,
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
        });
        let status = 0;
        req.on('response', (h) => (status = Number(h[':status'])));
        req.resume();
        req.on('end', () => {
          s.close();
          resolve(status);
        });
        req.on('error', reject);
        req.end(JSON.stringify(body));
      });
    assert.equal(await post(await registration('ees-tol-1')), 201);
    clock.advance(90_000); // past exp (60 s), within exp + tolerance (180 s)
    assert.equal(await post(await registration('ees-tol-2')), 401);
  } finally {
    await tolerant.close();
  }
});

test('a CSR whose signature does not verify: 400 INVALID_CSR, and the token is not spent', async () => {
  const { csrPem } = await createCsr('CN=ees-m6');
  const der = Buffer.from(csrPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  der[der.length - 5]! ^= 0x01; // inside the signature
  const bad = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE REQUEST-----\n`;
  await assert.rejects(verifyCsr(bad));
  const token = await edge.token();
  const body = { eesProf: profile('ees-m6'), [ONBOARDING_MEMBER]: { eesPublicKey: bad } };
  refused(await raw('POST', REGS, body, { token }), 400, 'INVALID_CSR');
  assert.equal((await raw('POST', REGS, await registration('ees-m6'), { token })).status, 201);
});

test('no onboarding member: 400 MANDATORY_IE_MISSING; not an EESRegistration: 400 INVALID_MSG_FORMAT', async () => {
  refused(
    await raw('POST', REGS, { eesProf: profile('ees-m7') }, { token: await edge.token() }),
    400,
    'MANDATORY_IE_MISSING',
  );
  const r = await raw('POST', REGS, { eesProf: { eesId: 'x' } }, { token: await edge.token() });
  refused(r, 400, 'INVALID_MSG_FORMAT');
  assert.ok(Array.isArray(r.body['invalidParams']));
});

test('third-party certificate: trusted issuer accepted and used for mutual TLS; untrusted issuer 403 CERTIFICATE_ISSUER_NOT_TRUSTED', async () => {
  const make = async (ca: typeof thirdPartyCa) => {
    const { csrPem, keyPem } = await createCsr('CN=ees-tp');
    const { certPem } = await issueFromCsr(ca, await verifyCsr(csrPem), {
      subject: 'CN=ees-tp, O=third party',
      sanUris: ['urn:example:ees-tp'],
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + 86_400_000),
    });
    return { certPem, keyPem };
  };
  const bad = await make(untrustedCa);
  await assert.rejects(
    onboardEes(
      { ecsUrl: edge.ecs.url, rootCaPem: edge.rootCaPem, accessToken: await edge.token() },
      { profile: profile('ees-tp-bad'), thirdParty: bad },
    ),
    (e: { status?: number; problem?: { cause?: string } }) =>
      e.status === 403 && e.problem?.cause === 'CERTIFICATE_ISSUER_NOT_TRUSTED',
  );
  const good = await make(thirdPartyCa);
  const ees = await onboardEes(
    { ecsUrl: edge.ecs.url, rootCaPem: edge.rootCaPem, accessToken: await edge.token() },
    { profile: profile('ees-tp'), thirdParty: good },
  );
  assert.equal(
    new X509Certificate(ees.certPem).fingerprint256,
    new X509Certificate(good.certPem).fingerprint256,
  );
  const c = new EesRegistrationClient(edge.ecs.url, edge.rootCaPem, ees);
  assert.equal(((await c.get())['eesProf'] as { eesId: string }).eesId, 'ees-tp');
  await c.deregister();
});

test('update or delete of another EES registration: 403 REGISTRATION_NOT_OWNED; unknown id 404', async () => {
  const a = await onboard('ees-owner-a');
  const b = await onboard('ees-owner-b');
  const path = `${REGS}/${a.registrationId}`;
  const put = { eesProf: profile('ees-owner-a') };
  assert.ok(EESRegistration(put));
  refused(await raw('PUT', path, put, { cert: b.certPem, key: b.keyPem }), 403, 'REGISTRATION_NOT_OWNED');
  const patch = { eesProf: profile('ees-owner-a') };
  assert.ok(EESRegistrationPatch(patch));
  refused(
    await raw('PATCH', path, patch, { cert: b.certPem, key: b.keyPem, type: 'application/merge-patch+json' }),
    403,
    'REGISTRATION_NOT_OWNED',
  );
  refused(
    await raw('DELETE', path, undefined, { cert: b.certPem, key: b.keyPem }),
    403,
    'REGISTRATION_NOT_OWNED',
  );
  refused(
    await raw('GET', `${REGS}/nope`, undefined, { cert: b.certPem, key: b.keyPem }),
    404,
    'RESOURCE_NOT_FOUND',
  );
  // Without a client certificate, or with an NF certificate of another trust domain: 401.
  refused(await raw('DELETE', path, undefined), 401, 'CLIENT_CERTIFICATE_REQUIRED');
  const operatorCa = await createCa('operator NF CA');
  const nf = await issueNfCertificate(operatorCa, { nf: { type: 'ees', instance: 'ees-owner-a' } });
  refused(
    await raw('DELETE', path, undefined, { cert: nf.certPem, key: nf.keyPem }),
    401,
    'CLIENT_CERTIFICATE_REQUIRED',
  );
  // Changing the bound identity is refused.
  refused(
    await raw('PUT', path, { eesProf: profile('ees-other') }, { cert: a.certPem, key: a.keyPem }),
    403,
    'EES_ID_MISMATCH',
  );
  // A wrong secret token is refused; the right one is accepted.
  refused(
    await raw(
      'PUT',
      path,
      { ...put, [ONBOARDING_MEMBER]: { onboardingSecret: 'x'.repeat(43) } },
      { cert: a.certPem, key: a.keyPem },
    ),
    403,
    'SECRET_TOKEN_MISMATCH',
  );
  const ok = await raw(
    'PUT',
    path,
    { ...put, [ONBOARDING_MEMBER]: { onboardingSecret: a.secretToken } },
    { cert: a.certPem, key: a.keyPem },
  );
  assert.equal(ok.status, 200);
  assert.ok(EESRegistration(ok.body));
  assert.equal((await raw('DELETE', path, undefined, { cert: a.certPem, key: a.keyPem })).status, 204);
  assert.equal(
    (await raw('DELETE', `${REGS}/${b.registrationId}`, undefined, { cert: b.certPem, key: b.keyPem }))
      .status,
    204,
  );
});

test('revoked certificate: 401 CERTIFICATE_REVOKED; an expired certificate: 401 CERTIFICATE_EXPIRED', async () => {
  const a = await onboard('ees-revoked');
  const fp = new X509Certificate(a.certPem).fingerprint256.replace(/:/g, '').toLowerCase();
  await edge.ecs.revoke(fp, new X509Certificate(a.certPem).serialNumber, 'key-compromise');
  refused(
    await raw('GET', `${REGS}/${a.registrationId}`, undefined, { cert: a.certPem, key: a.keyPem }),
    401,
    'CERTIFICATE_REVOKED',
  );
  assert.ok(
    (await edge.ecs.store.revocations()).some((r) => r.certSha256 === fp && r.reason === 'key-compromise'),
  );
  // The ECS's clock moves past the certificate's notAfter (30 days): refused as expired.
  const b = await onboard('ees-expiring');
  edge.clock.advance(31 * 86_400_000);
  try {
    refused(
      await raw('GET', `${REGS}/${b.registrationId}`, undefined, { cert: b.certPem, key: b.keyPem }),
      401,
      'CERTIFICATE_EXPIRED',
    );
  } finally {
    edge.clock.advance(-31 * 86_400_000);
  }
});

test('restart of the ECS keeps registrations and issued certificates', async () => {
  const a = await onboard('ees-restart');
  await edge.restart();
  const c = new EesRegistrationClient(edge.ecs.url, edge.rootCaPem, a);
  const got = await c.get();
  assert.equal((got[ONBOARDING_MEMBER] as { eesCertificate: string }).eesCertificate, a.certPem);
  assert.ok(EESRegistration(got));
  await c.deregister();
});

test('expiry removes registrations (implicit deregistration, injected clock)', async () => {
  const a = await onboard('ees-expiry');
  const exp = Date.parse(String(a.registration['expTime']));
  assert.equal(exp - edge.clock.now().getTime(), 3_600_000, 'default registration period granted');
  edge.clock.advance(3_600_001);
  try {
    assert.ok((await edge.ecs.sweep()) >= 1);
    assert.equal(await edge.ecs.store.getRegistration(a.registrationId), undefined);
    refused(
      await raw('GET', `${REGS}/${a.registrationId}`, undefined, { cert: a.certPem, key: a.keyPem }),
      401,
      'CERTIFICATE_REVOKED',
    );
  } finally {
    edge.clock.advance(-3_600_001);
  }
  // An asked-for expTime beyond the policy maximum is capped.
  const token = await edge.token();
  const body = {
    ...(await registration('ees-capped')),
    expTime: new Date(edge.clock.now().getTime() + 10 * 86_400_000).toISOString(),
  };
  const r = await raw('POST', REGS, body, { token });
  assert.equal(r.status, 201);
  assert.equal(Date.parse(String(r.body['expTime'])) - edge.clock.now().getTime(), 7_200_000);
});

test('interop: the issued certificate passes openssl verify -CAfile <ECSP CA>', async (t) => {
  if (spawnSync('openssl', ['version']).status !== 0) {
    if (process.env['CI'] !== undefined) throw new Error('openssl is required in CI');
    t.skip('openssl not installed');
    return;
  }
  const a = await onboard('ees-openssl');
  const certFile = join(edge.dir, 'ees-openssl.crt');
  writeFileSync(certFile, a.certPem);
  const out = execFileSync('openssl', ['verify', '-CAfile', join(edge.dir, 'ecsp', 'ca.crt'), certFile], {
    encoding: 'utf8',
  });
  assert.match(out, /: OK/);
  // And with the purpose of a TLS client.
  const out2 = execFileSync(
    'openssl',
    ['verify', '-purpose', 'sslclient', '-CAfile', join(edge.dir, 'ecsp', 'ca.crt'), certFile],
    {
      encoding: 'utf8',
    },
  );
  assert.match(out2, /: OK/);
});

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:http2';
import diagnosticsChannel from 'node:diagnostics_channel';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeOpc } from '../../src/crypto/milenage.js';
import { SecretKey } from '../../src/crypto/secret-key.js';
import { UsimSimulator } from '../../src/device/usim/index.js';
import { UeSimulator } from '../../src/device/ue/index.js';
import { EmksKeyClient } from '../../src/nf/emse/index.js';
import { initPki, loadTls, nfFiles } from '../../src/pki/index.js';
import { closeSbiServer, createSbiServer, SbiClient } from '../../src/sbi/index.js';
import { outboxDrained, startDevNetwork, type DevNetwork } from '../../src/cli/scenarios/network.js';

let net: DevNetwork;
const IMSI = '001010000000201';
const UE_ID = 'meter-9@utility.example';
let k: Buffer;
let opc: Buffer;
let usim: UsimSimulator;

function ue(e2m = true): UeSimulator {
  return new UeSimulator({ usim, e2m, vectorType: 'umts', plmn: '00f110' });
}

before(async () => {
  net = await startDevNetwork({ emseIds: ['emse-1', 'emse-2'] });
  k = randomBytes(16);
  opc = computeOpc(k, randomBytes(16));
  usim = new UsimSimulator({ imsi: IMSI, k: SecretKey.from(k), opc: SecretKey.from(opc) });
  await net.oam.hss.json('POST', '/hss-prov/v1/subscribers', {
    imsi: IMSI,
    k: k.toString('hex'),
    opc: opc.toString('hex'),
    profile: { e2m: true },
  });
  await net.oam.emks.json('PUT', `/nemks-prov/v1/identities/${encodeURIComponent(UE_ID)}`, { imsi: IMSI });
  await net.oam.emks.json('PUT', '/nemks-prov/v1/authorisations/emse-1', { ueIds: [UE_ID] });
});

after(async () => {
  await net.close();
});

/** Raw HTTP/2 request with arbitrary TLS material and body, for the negative tests. */
function raw(
  url: string,
  tls: { ca: string; cert?: string; key?: string },
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const s = connect(url, { ...tls, rejectUnauthorized: true });
    s.on('error', reject);
    const req = s.request({ ':method': method, ':path': path, ...headers });
    let status = 0;
    let type = '';
    let data = '';
    req.on('response', (h) => {
      status = Number(h[':status']);
      type = String(h['content-type'] ?? '');
    });
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => {
      s.close();
      resolve({ status, type, body: data });
    });
    req.on('error', reject);
    req.end(body);
  });
}

test("TestE2mKeyFetch: the key an EMSE fetches equals what the UE derived; the serving network holds CK'/IK'", async () => {
  const attaches: { servingKeyFp?: string }[] = [];
  const onAttach = (m: unknown): void => void attaches.push(m as { servingKeyFp?: string });
  diagnosticsChannel.subscribe('ciotsec:sn:attach', onAttach);
  const u = ue();
  const a = await u.attach('127.0.0.1', net.sn.port);
  diagnosticsChannel.unsubscribe('ciotsec:sn:attach', onAttach);
  assert.equal(attaches.length, 1);
  assert.equal(attaches[0]!.servingKeyFp, a.servingKeyFp, 'SN and ME agree on the serving keys');
  assert.ok(await outboxDrained(net.hss));
  const kc = new EmksKeyClient({ emksUrl: net.emks.url, tls: net.tls('emse', 'emse-1'), emseId: 'emse-1' });
  try {
    const mine = u.e2mKey('emse-1');
    const fetched = await kc.getKey(UE_ID, mine.keyId);
    assert.ok(fetched);
    assert.deepEqual(fetched.export(), mine.key.export());
    assert.equal(kc.cachedKey(UE_ID, mine.keyId)?.fingerprint, mine.key.fingerprint);
    // Key separation between EMSEs (seed 001): another EMSE_Id gives another key.
    assert.notEqual(u.e2mKey('emse-2').key.fingerprint, mine.key.fingerprint);
    const audit = (
      await net.oam.emks.json<{ records: { outcome: string; keyId: string; emseId: string }[] }>(
        'GET',
        '/nemks-prov/v1/audit?limit=1',
      )
    ).body;
    assert.deepEqual(
      {
        outcome: audit.records[0]!.outcome,
        keyId: audit.records[0]!.keyId,
        emseId: audit.records[0]!.emseId,
      },
      { outcome: 'released', keyId: mine.keyId, emseId: 'emse-1' },
    );
    assert.ok(
      !JSON.stringify(audit).includes(mine.key.export().toString('hex')),
      'the audit log never holds the key',
    );
  } finally {
    await kc.deregister();
    kc.close();
  }
});

test('an older key id within retention is served; one beyond retention is 404 KEY_NOT_FOUND', async () => {
  const u = ue();
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push((await u.attach('127.0.0.1', net.sn.port)).keyId);
  assert.ok(await outboxDrained(net.hss));
  const c = new SbiClient({ baseUrl: net.emks.url, tls: net.tls('emse', 'emse-1') });
  try {
    const sid = (
      await c.json<{ sessionId: string }>('POST', '/nemks-e2m/v1/emse-sessions', { emseId: 'emse-1' })
    ).body.sessionId;
    const get = (keyId: string) =>
      c.request(
        'GET',
        `/nemks-e2m/v1/emse-sessions/${sid}/e2m-keys?ueId=${encodeURIComponent(UE_ID)}&keyId=${keyId}`,
      );
    // Retention 3: the newest three are served (ids[1..3]), ids[0] is gone.
    assert.equal((await get(ids[1]!)).status, 200, 'older key within retention');
    const gone = await get(ids[0]!);
    assert.equal(gone.status, 404);
    assert.equal(JSON.parse(gone.body.toString()).cause, 'KEY_NOT_FOUND');
    assert.equal(gone.headers['content-type'], 'application/problem+json; charset=utf-8');
    const unknown = await get('00000000');
    assert.equal(unknown.status, 404);
  } finally {
    c.close();
  }
});

test('EMSE without a client certificate, or with one from another CA → 401 ProblemDetails', async () => {
  const ca = loadTls(nfFiles(join(net.dir, 'pki'), { type: 'emse', instance: 'emse-1' })).ca;
  const none = await raw(net.emks.url, { ca }, 'POST', '/nemks-e2m/v1/emse-sessions', '{"emseId":"emse-1"}', {
    'content-type': 'application/json',
  });
  assert.equal(none.status, 401);
  assert.match(none.type, /^application\/problem\+json/);
  assert.equal(JSON.parse(none.body).cause, 'UNAUTHENTICATED');
  const otherDir = mkdtempSync(join(tmpdir(), 'ciotsec-rogue-'));
  await initPki(otherDir, [{ type: 'emse', instance: 'emse-1' }]);
  const rogue = loadTls(nfFiles(otherDir, { type: 'emse', instance: 'emse-1' }));
  const r = await raw(
    net.emks.url,
    { ca, cert: rogue.cert, key: rogue.key },
    'POST',
    '/nemks-e2m/v1/emse-sessions',
    '{"emseId":"emse-1"}',
    {
      'content-type': 'application/json',
    },
  );
  assert.equal(r.status, 401);
  assert.equal(JSON.parse(r.body).cause, 'UNAUTHENTICATED');
  // Unauthenticated callers get 401 even on paths that do not exist.
  assert.equal((await raw(net.emks.url, { ca }, 'GET', '/no/such/path')).status, 401);
});

test('authorisation: EMSE not authorised for the UE → 403; EMSE_Id not its own → 403; wrong NF type → 403', async () => {
  const c2 = new SbiClient({ baseUrl: net.emks.url, tls: net.tls('emse', 'emse-2') });
  const hssAsClient = new SbiClient({ baseUrl: net.emks.url, tls: net.tls('hss') });
  try {
    const sid = (
      await c2.json<{ sessionId: string }>('POST', '/nemks-e2m/v1/emse-sessions', { emseId: 'emse-2' })
    ).body.sessionId;
    const r = await c2.request(
      'GET',
      `/nemks-e2m/v1/emse-sessions/${sid}/e2m-keys?ueId=${encodeURIComponent(UE_ID)}&keyId=00000001`,
    );
    assert.equal(r.status, 403);
    assert.equal(JSON.parse(r.body.toString()).cause, 'UE_NOT_AUTHORIZED');
    const spoof = await c2.request('POST', '/nemks-e2m/v1/emse-sessions', { emseId: 'emse-1' });
    assert.equal(spoof.status, 403);
    assert.equal(JSON.parse(spoof.body.toString()).cause, 'EMSE_ID_MISMATCH');
    const wrongType = await hssAsClient.request('POST', '/nemks-e2m/v1/emse-sessions', { emseId: 'hss' });
    assert.equal(wrongType.status, 403);
    const push = await c2.request('POST', '/nemks-e2m/v1/anchor-keys', {
      supi: `imsi-${IMSI}`,
      aKId: '01020304',
      kAkma: '00'.repeat(32),
    });
    assert.equal(push.status, 403, 'only the HSS pushes anchor keys');
    // Another EMSE's session looks like no session at all.
    const c1 = new SbiClient({ baseUrl: net.emks.url, tls: net.tls('emse', 'emse-1') });
    const other = await c1.request(
      'GET',
      `/nemks-e2m/v1/emse-sessions/${sid}/e2m-keys?ueId=x&keyId=00000001`,
    );
    assert.equal(other.status, 404);
    assert.equal(JSON.parse(other.body.toString()).cause, 'SESSION_NOT_FOUND');
    c1.close();
  } finally {
    c2.close();
    hssAsClient.close();
  }
});

test('malformed JSON/XML, XML entity expansion and oversized bodies → 4xx and nothing stored', async () => {
  const hssC = new SbiClient({ baseUrl: net.emks.url, tls: net.tls('hss') });
  const before = await net.emks.store.listKeyIds('001019999999999');
  const auditBefore = (await net.emks.store.auditLog(1000)).length;
  try {
    const cases: [Buffer | string, string, number][] = [
      ['{"supi": "imsi-001019999999999", ', 'application/json', 400],
      ['{"supi":"imsi-001019999999999","aKId":"zz","kAkma":"00"}', 'application/json', 400],
      ['{"supi":"imsi-001019999999999","aKId":"01020304","kAkma":"0011"}', 'application/json', 400],
      ['{"supi":"tel-1","aKId":"01020304","kAkma":"' + '00'.repeat(32) + '"}', 'application/json', 400],
      ['<AkmaKeyInfo><supi>imsi-001019999999999</supi>', 'application/xml', 400],
      [
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><AkmaKeyInfo><supi>&lol2;</supi></AkmaKeyInfo>',
        'application/xml',
        400,
      ],
      [
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><AkmaKeyInfo><supi>&xxe;</supi></AkmaKeyInfo>',
        'application/xml',
        400,
      ],
      [Buffer.alloc(70 * 1024, 0x20), 'application/json', 413],
      ['supi=x', 'application/x-www-form-urlencoded', 415],
    ];
    for (const [body, type, status] of cases) {
      const r = await hssC.request(
        'POST',
        '/nemks-e2m/v1/anchor-keys',
        Buffer.isBuffer(body) ? body : Buffer.from(body),
        { 'content-type': type },
      );
      assert.equal(
        r.status,
        status,
        `${type} ${String(body).slice(0, 60)} → ${r.status} ${r.body.toString().slice(0, 200)}`,
      );
      assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
    }
  } finally {
    hssC.close();
  }
  assert.deepEqual(await net.emks.store.listKeyIds('001019999999999'), before);
  assert.equal((await net.emks.store.auditLog(1000)).length, auditBefore);
});

test('XML by content negotiation: registration and key fetch in XML (seed 001 says XML)', async () => {
  const c = new SbiClient({ baseUrl: net.emks.url, tls: net.tls('emse', 'emse-1') });
  try {
    const reg = await c.request(
      'POST',
      '/nemks-e2m/v1/emse-sessions',
      Buffer.from('<EmseRegistration><emseId>emse-1</emseId></EmseRegistration>'),
      {
        'content-type': 'application/xml',
        accept: 'application/xml',
      },
    );
    assert.equal(reg.status, 201);
    assert.match(String(reg.headers['content-type']), /application\/xml/);
    const sid = /<sessionId>([^<]+)<\/sessionId>/.exec(reg.body.toString())?.[1];
    assert.ok(sid);
    assert.equal(reg.headers['location'], `/nemks-e2m/v1/emse-sessions/${sid}`);
    const keyId = (await net.emks.store.listKeyIds(IMSI))[0]!.toString('hex');
    const got = await c.request(
      'GET',
      `/nemks-e2m/v1/emse-sessions/${sid}/e2m-keys?ueId=${encodeURIComponent(UE_ID)}&keyId=${keyId}`,
      undefined,
      {
        accept: 'application/xml',
      },
    );
    assert.equal(got.status, 200);
    assert.match(
      got.body.toString(),
      new RegExp(
        `<E2mKey><ueId>${UE_ID}</ueId><keyId>${keyId}</keyId><emseId>emse-1</emseId><e2mKey>[0-9a-f]{64}</e2mKey></E2mKey>`,
      ),
    );
    assert.equal((await c.request('DELETE', `/nemks-e2m/v1/emse-sessions/${sid}`)).status, 204);
    assert.equal((await c.request('DELETE', `/nemks-e2m/v1/emse-sessions/${sid}`)).status, 404);
  } finally {
    c.close();
  }
});

test('subscription/notification: the EMKS notifies the EMSE of a new key, which lands in its cache', async () => {
  const kc = new EmksKeyClient({ emksUrl: net.emks.url, tls: net.tls('emse', 'emse-1'), emseId: 'emse-1' });
  const emseApp = createSbiServer({ tls: net.tls('emse', 'emse-1') });
  let notified: () => void = () => undefined;
  const arrived = new Promise<void>((r) => (notified = r));
  kc.registerNotificationRoute(emseApp, '/emse/notify');
  emseApp.addHook('onResponse', async (req) => {
    if (req.url === '/emse/notify') notified();
  });
  await emseApp.listen({ host: '127.0.0.1', port: 0 });
  const port = (emseApp.server.address() as { port: number }).port;
  try {
    await kc.subscribe(`https://127.0.0.1:${port}/emse/notify`, [UE_ID]);
    const u = ue();
    const a = await u.attach('127.0.0.1', net.sn.port);
    await Promise.race([
      arrived,
      new Promise((_, rej) => setTimeout(() => rej(new Error('no notification')), 5000)),
    ]);
    assert.equal(kc.cachedKey(UE_ID, a.keyId)?.fingerprint, u.e2mKey('emse-1').key.fingerprint);
  } finally {
    await kc.deregister();
    kc.close();
    await emseApp.close();
  }
});

test('HSS API: EPS vectors carry K_ASME only; only serving networks get vectors; bad requests are ProblemDetails', async () => {
  const sn = new SbiClient({ baseUrl: net.hss.url, tls: net.tls('sn') });
  const emse = new SbiClient({ baseUrl: net.hss.url, tls: net.tls('emse', 'emse-1') });
  try {
    const eps = await sn.json<{ authenticationVectors: Record<string, string>[] }>(
      'POST',
      `/hss-ueau/v1/${IMSI}/authentication-info`,
      {
        vectorType: 'eps',
        numVectors: 2,
        servingNetworkId: '00f110',
      },
    );
    assert.equal(eps.body.authenticationVectors.length, 2);
    for (const v of eps.body.authenticationVectors)
      assert.deepEqual(Object.keys(v).sort(), ['autn', 'kasme', 'rand', 'xres']);
    assert.equal(
      (await emse.request('POST', `/hss-ueau/v1/${IMSI}/authentication-info`, { vectorType: 'umts' })).status,
      403,
    );
    const bad = await sn.request('POST', `/hss-ueau/v1/${IMSI}/authentication-info`, { vectorType: 'gsm' });
    assert.equal(bad.status, 400);
    assert.ok(Array.isArray(JSON.parse(bad.body.toString()).invalidParams));
    const noPlmn = await sn.request('POST', `/hss-ueau/v1/${IMSI}/authentication-info`, {
      vectorType: 'eps',
    });
    assert.equal(noPlmn.status, 400);
    const unknown = await sn.request('POST', '/hss-ueau/v1/001019999999999/authentication-info', {
      vectorType: 'umts',
    });
    assert.equal(unknown.status, 404);
    assert.equal(JSON.parse(unknown.body.toString()).cause, 'USER_NOT_FOUND');
    const forged = await sn.request('POST', `/hss-ueau/v1/${IMSI}/authentication-info`, {
      vectorType: 'umts',
      resynchronizationInfo: { rand: '00'.repeat(16), auts: '00'.repeat(14) },
    });
    assert.equal(forged.status, 403);
    assert.equal(JSON.parse(forged.body.toString()).cause, 'AUTHENTICATION_REJECTED');
  } finally {
    sn.close();
    emse.close();
  }
});

test('TestReSynchronization over the network: the serving network resynchronises and the UE attaches', async () => {
  // The EPS test above consumed vectors the UE never saw; push the USIM far ahead instead: a second
  // USIM with the same K/OPc accepts vectors from a throwaway HSS state, then the real network is behind.
  const sn = new SbiClient({ baseUrl: net.hss.url, tls: net.tls('oam') });
  try {
    const s = (await sn.json<{ sqn: number }>('GET', `/hss-prov/v1/subscribers/${IMSI}`)).body.sqn;
    assert.ok(s > 0);
  } finally {
    sn.close();
  }
  await net.hss.store.updateSqn(IMSI, () => ({ sqn: 0, result: undefined }));
  const a = await ue().attach('127.0.0.1', net.sn.port);
  assert.equal(a.resynchronised, true);
});

test('clients check which function answers: the HSS will not push e2m_int_keys to a server holding an EMSE certificate', async () => {
  const impostor = createSbiServer({ tls: net.tls('emse', 'emse-1') });
  let pushed = 0;
  impostor.post('/nemks-e2m/v1/anchor-keys', async () => {
    pushed++;
    return { outcome: 'created' };
  });
  await impostor.listen({ host: '127.0.0.1', port: 0 });
  const url = `https://127.0.0.1:${(impostor.server.address() as { port: number }).port}`;
  const asHss = new SbiClient({ baseUrl: url, tls: net.tls('hss'), expectPeerType: 'emks' });
  try {
    await assert.rejects(asHss.json('POST', '/nemks-e2m/v1/anchor-keys', { supi: 'imsi-001010000000001' }), {
      code: 'ERR_SBI_TRANSPORT',
    });
    assert.equal(pushed, 0);
    // The genuine EMKS passes the same check.
    const genuine = new SbiClient({ baseUrl: net.emks.url, tls: net.tls('oam'), expectPeerType: 'emks' });
    assert.equal((await genuine.request('GET', '/nemks-prov/v1/audit?limit=1')).status, 200);
    genuine.close();
  } finally {
    asHss.close();
    await closeSbiServer(impostor);
  }
});

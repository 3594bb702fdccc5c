import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  AUTHZ_FQDN,
  manufactureTre,
  runInitialAttachDemo,
  startRcpNetwork,
} from '../../src/cli/scenarios/initial-attach.js';
import { provisionOverUdp, sendChannelData, UeSimulator } from '../../src/device/ue/index.js';
import { UsimSimulator } from '../../src/device/usim/index.js';
import { createDevicePki } from '../../src/pki/device-pki.js';
import { formatUuid } from '../../src/initial-attach/uuid-ue.js';
import {
  MSG,
  REJECT_CAUSE,
  serializeMessage,
  parseMessage,
  SLICE_INITIAL_ATTACH,
} from '../../src/initial-attach/messages.js';
import { createSocket } from 'node:dgram';

for (const [curve, cipher] of [
  ['P-256', 'aes128-cbc-hmac-sha256'],
  ['brainpoolP256r1', 'aes128-gcm'],
] as const) {
  test(`InitialAttach (${curve}, ${cipher}): steps 0-b..10, AKA with the delivered credentials, acknowledged`, async () => {
    const r = await runInitialAttachDemo({ curve, cipher });
    const by = Object.fromEntries(r.steps.map((s) => [s.step, s.detail]));
    assert.equal(by['aka-attach']?.['accepted'], true);
    assert.equal(by['rsmf']?.['channel'], 'ack');
    assert.equal(by['authz-acknowledged']?.['uuid_state'], 'connected');
    assert.match(String(by['initial-attach']?.['k']), /^SecretKey\(fp=[0-9a-f]{16}\)$/);
    const steps = r.sizes.map((s) => s.step.split(' ')[0]);
    for (const s of ['0-b', '1', '2', '3', '4', '5', '7', '9']) assert.ok(steps.includes(s), s);
    for (const s of r.sizes) assert.ok(s.bytes >= 0 && s.bytes < 1500, `${s.step} fits one datagram`);
  });
}

test('InitialAttach negatives: unknown UUID, used UUID, replayed attach, foreign CI, channel limits', async () => {
  const rcp = await startRcpNetwork({ limits: { maxBytes: 64, maxSeconds: 600 } });
  const ue = {
    host: '127.0.0.1',
    port: rcp.initialAttach.port,
    authzFqdn: AUTHZ_FQDN,
    timeoutMs: 1000,
    retries: 1,
  };
  try {
    // unknown UUID → authorisation refused
    const tre = manufactureTre(rcp.devicePki, 'aes128-cbc-hmac-sha256');
    await assert.rejects(provisionOverUdp({ ...ue, tre, uuid: tre.generateUuid() }), {
      code: 'ERR_INITIAL_ATTACH_REJECTED',
      cause3gpp: REJECT_CAUSE.authorisationRefused,
    });

    // a registered UUID works once; the second attach with it is refused (one-time authorisation)
    const uuid = tre.generateUuid();
    await rcp.sp.json('POST', '/uuid-authz/v1/uuids', {
      uuid: formatUuid(uuid),
      treBinding: tre.binding().toString('hex'),
    });
    const ok = await provisionOverUdp({ ...ue, tre, uuid });
    await assert.rejects(provisionOverUdp({ ...ue, tre, uuid }), {
      code: 'ERR_INITIAL_ATTACH_REJECTED',
      cause3gpp: REJECT_CAUSE.authorisationRefused,
    });

    // racing attack: another genuine TRE presents a UUID bound to the first one
    const uuid2 = tre.generateUuid();
    await rcp.sp.json('POST', '/uuid-authz/v1/uuids', {
      uuid: formatUuid(uuid2),
      treBinding: tre.binding().toString('hex'),
    });
    const racer = manufactureTre(rcp.devicePki, 'aes128-cbc-hmac-sha256', 7n);
    await assert.rejects(provisionOverUdp({ ...ue, tre: racer, uuid: uuid2 }), {
      code: 'ERR_INITIAL_ATTACH_REJECTED',
      cause3gpp: REJECT_CAUSE.authenticationFailed,
    });

    // a replayed Attach Request (same nUe) is refused
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const nUe = randomBytes(16);
    const req = serializeMessage({
      type: MSG.attachRequest,
      nUe,
      uuid: randomBytes(16),
      authzFqdn: AUTHZ_FQDN,
      sliceSelectType: SLICE_INITIAL_ATTACH,
      cipher: 0,
    });
    const answers: Buffer[] = [];
    sock.on('message', (b) => answers.push(b));
    sock.send(req, ue.port, '127.0.0.1');
    for (let i = 0; i < 100 && answers.length < 1; i++) await new Promise((r) => setTimeout(r, 20));
    sock.send(req, ue.port, '127.0.0.1');
    for (let i = 0; i < 100 && answers.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    sock.close();
    const second = parseMessage(answers[1]!);
    assert.equal(second.type, MSG.attachReject);
    assert.equal('cause' in second && second.cause, REJECT_CAUSE.replay);

    // a serving-network certificate not issued by the TRE's CI → the TRE aborts at step 5
    const foreign = createDevicePki('P-256');
    const alien = manufactureTre(foreign, 'aes128-cbc-hmac-sha256');
    const uuid3 = alien.generateUuid();
    await rcp.sp.json('POST', '/uuid-authz/v1/uuids', { uuid: formatUuid(uuid3) });
    await assert.rejects(provisionOverUdp({ ...ue, tre: alien, uuid: uuid3 }), { code: 'ERR_CERTIFICATE' });

    // AKA with the delivered credentials, then the conditional channel closes past its 64 octets
    const c = ok.connectivity;
    const connected = rcp.connected(c.imsi);
    await new UeSimulator({
      usim: new UsimSimulator({ imsi: c.imsi, k: c.k, opc: c.opc }),
      e2m: false,
      vectorType: 'umts',
      plmn: '00f110',
    }).attach('127.0.0.1', rcp.net.sn.port);
    await connected;
    const first = await sendChannelData('127.0.0.1', ue.port, c.imsi, 1, Buffer.alloc(8));
    assert.equal(first.kind, 'ack');
    const over = await sendChannelData('127.0.0.1', ue.port, c.imsi, 2, Buffer.alloc(100));
    assert.deepEqual(over, { kind: 'closed', cause: REJECT_CAUSE.limitExceeded });
    const after = await sendChannelData('127.0.0.1', ue.port, c.imsi, 3, Buffer.alloc(1));
    assert.equal(after.kind, 'closed');
  } finally {
    await rcp.close();
  }
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { dtls } from 'node-dtls-client';
import { computeOpc } from '../../src/crypto/milenage.js';
import { SecretKey } from '../../src/crypto/secret-key.js';
import { UsimSimulator } from '../../src/device/usim/usim.js';
import { UeSimulator } from '../../src/device/ue/ue.js';
import { type DevNetwork, outboxDrained, startDevNetwork } from '../../src/cli/scenarios/network.js';

// Interop with npm's node-dtls-client (a DTLS 1.2 PSK client written independently of ciotsec): it
// completes TLS_PSK_WITH_AES_128_CCM_8 with `ciotsec`'s EMSE using the AKA-derived e2m_key, which the
// EMSE fetched from the EMKS, and gets a CoAP answer; with a wrong key it fails.
const UE = 'dev-ndc@iot';
let net: DevNetwork;
let identity = '';
let psk: Buffer = Buffer.alloc(0);

before(async () => {
  net = await startDevNetwork({ emse: {} });
  const imsi = '001010000000808';
  const k = randomBytes(16);
  const opc = computeOpc(k, randomBytes(16));
  await net.oam.hss.json('POST', '/hss-prov/v1/subscribers', {
    imsi,
    k: k.toString('hex'),
    opc: opc.toString('hex'),
    profile: { e2m: true },
  });
  await net.oam.emks.request('PUT', `/nemks-prov/v1/identities/${encodeURIComponent(UE)}`, { imsi });
  await net.oam.emks.request('PUT', '/nemks-prov/v1/authorisations/emse-1', { ueIds: [UE] });
  const ue = new UeSimulator({
    usim: new UsimSimulator({ imsi, k: SecretKey.from(k), opc: SecretKey.from(opc) }),
    e2m: true,
    vectorType: 'umts',
    plmn: '00f110',
  });
  await ue.attach('127.0.0.1', net.sn.port);
  assert.ok(await outboxDrained(net.hss));
  const e2m = ue.e2mKey('emse-1');
  identity = `${e2m.keyId}.${UE}`;
  psk = Buffer.from(e2m.key.export());
});
after(async () => {
  await net.close();
});

// CoAP CON GET /status (RFC 7252), message id 0x1234, no token.
const COAP_GET_STATUS = Buffer.from('40011234b6737461747573', 'hex');

function exchange(key: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('node-dtls-client: no answer within 8 s'));
    }, 8000);
    const socket = dtls.createSocket({
      type: 'udp4',
      address: '127.0.0.1',
      port: net.emse!.dtlsPort,
      psk: { [identity]: key },
      timeout: 3000,
      ciphers: ['TLS_PSK_WITH_AES_128_CCM_8'],
    });
    socket.on('connected', () => socket.send(COAP_GET_STATUS));
    socket.on('message', (msg: Buffer) => {
      clearTimeout(timer);
      socket.close();
      resolve(msg);
    });
    socket.on('error', (e: Error) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

test('interop: node-dtls-client completes DTLS-PSK (AES_128_CCM_8) with the EMSE and gets CoAP 2.05 Content', async () => {
  const reply = await exchange(psk);
  assert.equal(reply[0]! >> 6, 1, 'CoAP version 1');
  assert.equal(reply[1], 0x45, 'code 2.05 Content');
  assert.equal(reply.readUInt16BE(2), 0x1234, 'piggybacked on our message id');
  assert.match(reply.toString('utf8'), /"ue":"dev-ndc@iot"/);
});

test('interop: node-dtls-client with a wrong key does not get a session', async () => {
  await assert.rejects(exchange(randomBytes(32)));
});

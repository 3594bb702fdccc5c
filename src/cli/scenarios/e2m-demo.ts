import { randomBytes } from 'node:crypto';
import { computeOpc } from '../../crypto/milenage.js';
import { SecretKey } from '../../crypto/secret-key.js';
import { UsimSimulator } from '../../device/usim/usim.js';
import { UeSimulator } from '../../device/ue/ue.js';
import { EmksKeyClient } from '../../nf/emse/key-client.js';
import { EmseClient } from '../../device/ue/emse-client.js';
import { CoapCode, CoapContentFormat, coapCodeName } from '../../coap/index.js';
import { outboxDrained, startDevNetwork } from './network.js';
import type { DemoStep } from './aka-demo.js';

/**
 * Chapter 2 of the demo (seed 001, Solution #10): a UE attaches through the serving network, the HSS
 * pushes e2m_int_key to the EMKS, an EMSE fetches e2m_key over mutual TLS, and UE and EMSE hold the
 * same key id and the same key fingerprint. Then (issue 4) the UE opens DTLS-PSK to the EMSE with that
 * key, psk_identity = keyId + its identity; the EMSE fetches the key from the EMKS by what psk_identity
 * names; and the two exchange CoAP requests over the session.
 */
export async function runE2mDemo(): Promise<DemoStep[]> {
  const steps: DemoStep[] = [];
  const record = (step: string, detail: DemoStep['detail']): void => void steps.push({ step, detail });
  const imsi = '001010000000101';
  const ueId = 'sensor-17@iot-platform.example';
  // The EMSE is told which UE identities it serves, so that it can resolve the compact psk_identity
  // (this identity is too long for the 32-byte full form; D-010, D-022).
  const net = await startDevNetwork({ emse: { knownIdentities: [ueId] } });
  const emseId = 'emse-1';
  const kc = new EmksKeyClient({ emksUrl: net.emks.url, tls: net.tls('emse', emseId), emseId });
  try {
    const k = randomBytes(16);
    const opc = computeOpc(k, randomBytes(16));
    await net.oam.hss.json('POST', '/hss-prov/v1/subscribers', {
      imsi,
      k: k.toString('hex'),
      opc: opc.toString('hex'),
      profile: { e2m: true },
    });
    await net.oam.emks.request('PUT', `/nemks-prov/v1/identities/${encodeURIComponent(ueId)}`, { imsi });
    await net.oam.emks.request('PUT', `/nemks-prov/v1/authorisations/${emseId}`, { ueIds: [ueId] });
    record('network', {
      pki: `${net.dir}/pki`,
      hss: net.hss.url,
      emks: net.emks.url,
      serving_network: `tcp://127.0.0.1:${net.sn.port}`,
    });
    record('provision', { imsi, ue_identity: ueId, e2m_profile: true, emse_authorised: emseId });

    const ue = new UeSimulator({
      usim: new UsimSimulator({ imsi, k: SecretKey.from(k), opc: SecretKey.from(opc) }),
      e2m: true,
      vectorType: 'umts',
      plmn: '00f110',
    });
    const attach = await ue.attach('127.0.0.1', net.sn.port);
    record('attach', {
      over: 'serving network → HSS (HTTP/2, mutual TLS)',
      key_id: attach.keyId,
      serving_network_holds: "CK'/IK'",
      resynchronised: attach.resynchronised,
    });

    const drained = await outboxDrained(net.hss);
    record('hss-push', {
      e2m_int_key_pushed_to_emks: drained,
      outbox_pending: await net.hss.store.outbox.pending(),
    });

    const ueSide = ue.e2mKey(emseId);
    const emseSide = await kc.getKey(ueId, ueSide.keyId);
    record('emse-fetch', {
      emse: emseId,
      ue_identity: ueId,
      key_id: ueSide.keyId,
      ue_e2m_key: `${ueSide.key}`,
      emse_e2m_key: `${emseSide ?? 'none'}`,
      same_key: emseSide !== undefined && emseSide.fingerprint === ueSide.key.fingerprint,
    });
    const audit = (
      await net.oam.emks.json<{ records: { outcome: string }[] }>('GET', '/nemks-prov/v1/audit?limit=5')
    ).body.records;
    record('audit', { key_releases_logged: audit.filter((r) => r.outcome === 'released').length });

    // Issue 4: DTLS-PSK between UE and EMSE with e2m_key (seed 001 6.x.2.3 steps 3–8), CoAP inside.
    const emse = net.emse!;
    const started = performance.now();
    const client = await EmseClient.connect({ host: '127.0.0.1', port: emse.dtlsPort, ueId, e2m: ueSide });
    const handshakeMs = performance.now() - started;
    record('emse-dtls', {
      emse: `coaps://127.0.0.1:${emse.dtlsPort}`,
      psk_identity: client.pskIdentity,
      psk_identity_bytes: Buffer.byteLength(client.pskIdentity),
      cipher_suite: client.connection.cipherSuite,
      extended_master_secret: client.connection.extendedMasterSecret,
      psk: `${ueSide.key}`,
      handshake_ms: Math.round(handshakeMs),
    });
    try {
      const post = await client.request(
        CoapCode.POST,
        'measurements',
        Buffer.from('{"temperature":21.5}'),
        CoapContentFormat.JSON,
      );
      const get = await client.request(CoapCode.GET, 'status');
      record('emse-coap', {
        post_measurements: coapCodeName(post.code),
        get_status: coapCodeName(get.code),
        status: get.payload.toString('utf8'),
        emse_stored: emse.measurements.recent(ueId).length,
      });
    } finally {
      client.close();
    }
    await kc.deregister();
    return steps;
  } finally {
    kc.close();
    await net.close();
  }
}

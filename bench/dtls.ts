// DTLS benchmarks (issue 4): bytes on the wire per complete handshake (cookie exchange included) of our
// server and of `openssl s_server -dtls1_2`, with the same client (ours), against the suite's minimum.
// Skipped when openssl is missing. Handshakes/s against s_server: see the note below (not yet).
import { spawn, spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { COOKIE_LENGTH, connectDtls, createDtlsServer } from '../src/dtls/index.js';

type Compare = (
  subject: () => unknown | Promise<unknown>,
  baseline: () => unknown | Promise<unknown>,
  batch?: number,
) => Promise<{ value: number; baseline: number }>;
type Report = (name: string, unit: string, value: number, baselineName: string, baseline: number) => void;

const PSK_HEX = '00112233445566778899aabbccddeeff';
const IDENTITY = '1a2b3c4d.sensor-17';

/** A UDP relay on 127.0.0.1 that counts the bytes of every datagram in both directions. */
async function relay(target: number): Promise<{ port: number; bytes: () => number; close: () => void }> {
  const front = dgram.createSocket('udp4');
  let bytes = 0;
  const backs = new Map<string, dgram.Socket>();
  front.on('message', (msg, rinfo) => {
    bytes += msg.length;
    const key = `${rinfo.address}:${rinfo.port}`;
    let back = backs.get(key);
    if (back === undefined) {
      back = dgram.createSocket('udp4');
      back.on('message', (m) => {
        bytes += m.length;
        front.send(m, rinfo.port, rinfo.address);
      });
      back.bind(0, '127.0.0.1');
      backs.set(key, back);
    }
    back.send(msg, target, '127.0.0.1');
  });
  await new Promise<void>((r) => front.bind(0, '127.0.0.1', r));
  return {
    port: front.address().port,
    bytes: () => bytes,
    close: () => {
      for (const b of backs.values()) b.close();
      front.close();
    },
  };
}

export async function dtlsBenchmarks(_compare: Compare, report: Report): Promise<void> {
  if (spawnSync('openssl', ['version']).error !== undefined) {
    console.error('bench: openssl missing, DTLS benchmarks skipped');
    return;
  }
  const psk = Buffer.from(PSK_HEX, 'hex');
  const ours = await createDtlsServer({ port: 0, host: '127.0.0.1', getPsk: async () => psk });
  const probe = dgram.createSocket('udp4');
  await new Promise<void>((r) => probe.bind(0, '127.0.0.1', r));
  const osslPort = probe.address().port;
  probe.close();
  const ossl = spawn(
    'openssl',
    [
      's_server',
      '-dtls1_2',
      '-accept',
      `127.0.0.1:${osslPort}`,
      '-nocert',
      '-psk',
      PSK_HEX,
      '-cipher',
      'PSK-AES128-CCM8',
      '-quiet',
    ],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  try {
    await new Promise((r) => setTimeout(r, 500));
    // Handshakes/s against openssl s_server is not measured yet: s_server takes no second client after
    // our client's close (its close_notify seems not to arrive; the socket closes in the same tick), so
    // a repeated-handshake loop times out. Only the bytes comparison runs against it, once.
    // Bytes per complete handshake through a counting relay (close_notify not counted).
    const count = async (port: number): Promise<number> => {
      const r = await relay(port);
      try {
        const c = await connectDtls({
          host: '127.0.0.1',
          port: r.port,
          identity: IDENTITY,
          psk,
          cipherSuites: ['TLS_PSK_WITH_AES_128_CCM_8'],
        });
        const n = r.bytes();
        c.close();
        return n;
      } finally {
        r.close();
      }
    };
    const oursBytes = await count(ours.port);
    const minimum = 400 + 2 * COOKIE_LENGTH + Buffer.byteLength(IDENTITY);
    report(
      'dtls.handshake.bytes-on-wire',
      'bytes',
      oursBytes,
      'suite-minimum(400+2*cookie+identity)',
      minimum,
    );
    const osslBytes = await count(osslPort);
    report(
      'dtls.handshake.bytes-on-wire.openssl',
      'bytes',
      osslBytes,
      'suite-minimum(400+2*cookie+identity)',
      minimum,
    );
  } finally {
    ossl.kill('SIGTERM');
    await ours.close();
  }
}

// DTLS benchmarks (issue 4): bytes on the wire per complete handshake (cookie exchange included) of our
// server and of `openssl s_server -dtls1_2`, with the same client (ours), against the suite's minimum.
// Handshakes/s of our server against `openssl s_server -dtls1_2` with the same client (ours) in the
// same run, and application round trips over a DTLS session against a plain UDP echo (s_server cannot
// echo over DTLS: "-rev" is TLS only). Skipped when openssl is missing.
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

export async function dtlsBenchmarks(compare: Compare, report: Report): Promise<void> {
  if (spawnSync('openssl', ['version']).error !== undefined) {
    console.error('bench: openssl missing, DTLS benchmarks skipped');
    return;
  }
  const psk = Buffer.from(PSK_HEX, 'hex');
  const ours = await createDtlsServer({ port: 0, host: '127.0.0.1', getPsk: async () => psk });
  ours.on('session', (s) => s.on('data', (d: Buffer) => s.send(d)));
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
    // Handshakes/s: connect, complete the handshake (cookie exchange included), close_notify, again.
    const handshake = async (port: number): Promise<void> => {
      const c = await connectDtls({
        host: '127.0.0.1',
        port,
        identity: IDENTITY,
        psk,
        cipherSuites: ['TLS_PSK_WITH_AES_128_CCM_8'],
        initialRetransmitMs: 500,
        maxRetransmits: 3,
      });
      c.close();
    };
    const hs = await compare(
      () => handshake(ours.port),
      () => handshake(osslPort),
      5,
    );
    report('dtls.handshakes.ours', 'handshakes/s', hs.value, 'openssl-s_server.same-client', hs.baseline);

    // Application round trips over one DTLS session against a plain UDP echo on the same machine.
    const echo = dgram.createSocket('udp4');
    echo.on('message', (m, r) => echo.send(m, r.port, r.address));
    await new Promise<void>((r) => echo.bind(0, '127.0.0.1', r));
    const plain = dgram.createSocket('udp4');
    await new Promise<void>((r) => plain.bind(0, '127.0.0.1', r));
    const session = await connectDtls({ host: '127.0.0.1', port: ours.port, identity: IDENTITY, psk });
    const payload = Buffer.alloc(64, 0x61);
    const roundTrip = (send: () => void, on: (cb: () => void) => void): Promise<void> =>
      new Promise<void>((resolve) => {
        on(resolve);
        send();
      });
    let dtlsWaiter: (() => void) | undefined;
    session.on('data', () => dtlsWaiter?.());
    let udpWaiter: (() => void) | undefined;
    plain.on('message', () => udpWaiter?.());
    const rt = await compare(
      () =>
        roundTrip(
          () => session.send(payload),
          (cb) => (dtlsWaiter = cb),
        ),
      () =>
        roundTrip(
          () => plain.send(payload, echo.address().port, '127.0.0.1'),
          (cb) => (udpWaiter = cb),
        ),
      50,
    );
    report('dtls.app-datagram.round-trips', 'round trips/s', rt.value, 'udp.plain-echo', rt.baseline);
    session.close();
    plain.close();
    echo.close();

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

import { createServer, type Server, type Socket } from 'node:net';
import { constantTimeEqual, fromHex } from '../../crypto/bytes.js';
import { SecretKey } from '../../crypto/secret-key.js';
import { SbiClient, SbiResponseError } from '../../sbi/client.js';
import type { TlsMaterial } from '../../sbi/tls-profile.js';
import { JsonLines } from '../../transport/json-lines.js';
import { snEvents, type AttachOutcome } from './events.js';

export interface SnOptions {
  readonly hssUrl: string;
  readonly tls: TlsMaterial;
  /** UMTS (CK/IK or CK'/IK' to the SN) or EPS (K_ASME). */
  readonly vectorType: 'umts' | 'eps';
  /** PLMN identity, 3 octets hex (TS 24.301), for K_ASME. */
  readonly plmn: string;
  readonly host?: string;
  readonly port?: number;
  /** Bound on concurrent UE connections. */
  readonly maxConnections?: number;
  /** Called after every attach (seed 004: an accepted AKA attach completes the initial attach). */
  readonly onAttach?: (o: AttachOutcome) => void;
}

interface Vector {
  rand: string;
  xres: string;
  autn: string;
  ck?: string;
  ik?: string;
  kasme?: string;
}

export interface SnServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serving-network simulator (the MME/SGSN role): takes a UE's attach over the simplified NAS transport
 * (D-017), asks the HSS for a vector, challenges the UE, resynchronises once on a synch failure
 * (TS 33.102 §6.3.5), and accepts the UE when RES = XRES.
 */
export async function startSnServer(opts: SnOptions): Promise<SnServer> {
  const hss = new SbiClient({ baseUrl: opts.hssUrl, tls: opts.tls, expectPeerType: 'hss' });
  const sockets = new Set<Socket>();

  async function vector(imsi: string, resync?: { rand: string; auts: string }): Promise<Vector> {
    const r = await hss.json<{ authenticationVectors: Vector[] }>(
      'POST',
      `/hss-ueau/v1/${imsi}/authentication-info`,
      {
        vectorType: opts.vectorType,
        numVectors: 1,
        ...(opts.vectorType === 'eps' ? { servingNetworkId: opts.plmn } : {}),
        ...(resync !== undefined ? { resynchronizationInfo: resync } : {}),
      },
    );
    return r.body.authenticationVectors[0]!;
  }

  async function handle(ch: JsonLines): Promise<AttachOutcome> {
    const req = await ch.read();
    if (
      req['type'] !== 'attach-request' ||
      typeof req['imsi'] !== 'string' ||
      !/^[0-9]{6,15}$/.test(req['imsi'])
    ) {
      ch.send({ type: 'attach-reject', cause: 'invalid-message' });
      return { imsi: undefined, outcome: 'rejected', cause: 'invalid-message', resynchronised: false };
    }
    const imsi = req['imsi'];
    let resynchronised = false;
    let av: Vector;
    try {
      av = await vector(imsi);
    } catch (err) {
      const cause =
        err instanceof SbiResponseError && err.status === 404 ? 'unknown-subscriber' : 'network-failure';
      ch.send({ type: 'attach-reject', cause });
      return { imsi, outcome: 'rejected', cause, resynchronised };
    }
    for (let round = 0; round < 2; round++) {
      ch.send({ type: 'authentication-request', rand: av.rand, autn: av.autn });
      const ans = await ch.read();
      if (ans['type'] === 'authentication-response' && typeof ans['res'] === 'string') {
        if (!constantTimeEqual(fromHex(ans['res'], 'res'), fromHex(av.xres, 'xres'))) break;
        ch.send({ type: 'attach-accept' });
        const key = av.kasme ?? `${av.ck ?? ''}${av.ik ?? ''}`;
        return {
          imsi,
          outcome: 'accepted',
          resynchronised,
          servingKeyFp: SecretKey.from(fromHex(key, 'key')).fingerprint,
        };
      }
      if (
        ans['type'] === 'authentication-failure' &&
        ans['cause'] === 'synch-failure' &&
        typeof ans['auts'] === 'string' &&
        round === 0
      ) {
        try {
          av = await vector(imsi, { rand: av.rand, auts: ans['auts'] });
          resynchronised = true;
          continue;
        } catch {
          break;
        }
      }
      break;
    }
    ch.send({ type: 'attach-reject', cause: 'authentication-failure' });
    return { imsi, outcome: 'rejected', cause: 'authentication-failure', resynchronised };
  }

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const ch = new JsonLines(socket);
    handle(ch)
      .then((o) => {
        snEvents.attach(o);
        opts.onAttach?.(o);
      })
      .catch((err: Error) =>
        snEvents.attach({ imsi: undefined, outcome: 'rejected', cause: err.message, resynchronised: false }),
      )
      .finally(() => ch.close());
  });
  server.maxConnections = opts.maxConnections ?? 1000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr !== null ? addr.port : 0,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      hss.close();
    },
  };
}

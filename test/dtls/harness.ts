import { createHash } from 'node:crypto';
import {
  type ClientConfig,
  type ClientState,
  type CookieSecrets,
  DEFAULT_CLIENT_OPTIONS,
  DEFAULT_SERVER_OPTIONS,
  type DtlsInput,
  type DtlsOutput,
  type ServerConfig,
  type ServerState,
  clientStep,
  createClientState,
  createServerState,
  screenDatagram,
  serverStep,
  startClient,
} from '../../src/dtls/index.js';

export const PSK = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
export const IDENTITY = Buffer.from('1a2b3c4d.sensor-17');
export const PEER = '192.0.2.1:5684';

/** Deterministic "randomness" for reproducible machine tests. */
export function counterRandom(label: string): (n: number) => Buffer {
  let i = 0;
  return (n) => {
    const out: Buffer[] = [];
    while (out.length * 32 < n) out.push(createHash('sha256').update(`${label}:${i++}`).digest());
    return Buffer.concat(out).subarray(0, n);
  };
}

export const cookieSecrets: CookieSecrets = { current: Buffer.alloc(32, 7), previous: undefined, since: 0 };

export function serverConfig(over: Partial<ServerConfig> = {}): ServerConfig {
  return { ...DEFAULT_SERVER_OPTIONS, random: counterRandom('server'), ...over };
}

export function clientConfig(over: Partial<ClientConfig> = {}): ClientConfig {
  return {
    ...DEFAULT_CLIENT_OPTIONS,
    pskIdentity: IDENTITY,
    psk: PSK,
    random: counterRandom('client'),
    ...over,
  };
}

export const sends = (outputs: readonly DtlsOutput[]): Buffer[] =>
  outputs.flatMap((o) => (o.type === 'send' ? [o.datagram] : []));

export const ofType = <K extends DtlsOutput['type']>(
  outputs: readonly DtlsOutput[],
  type: K,
): Extract<DtlsOutput, { type: K }>[] =>
  outputs.filter((o): o is Extract<DtlsOutput, { type: K }> => o.type === type);

/**
 * A client and a server machine wired back to back in memory, with a stateless front like the UDP
 * adapter's. Nothing is delivered unless a test says so, which lets tests lose, repeat and reorder.
 */
export class Pair {
  client: ClientState;
  server: ServerState | undefined;
  toServer: Buffer[] = [];
  toClient: Buffer[] = [];
  readonly clientOutputs: DtlsOutput[] = [];
  readonly serverOutputs: DtlsOutput[] = [];

  constructor(
    readonly sConfig: ServerConfig = serverConfig(),
    cConfig: ClientConfig = clientConfig(),
  ) {
    const r = startClient(createClientState(cConfig));
    this.client = r.state;
    this.onClient(r.outputs);
  }

  private onClient(outputs: readonly DtlsOutput[]): void {
    this.clientOutputs.push(...outputs);
    this.toServer.push(...sends(outputs));
  }
  private onServer(outputs: readonly DtlsOutput[]): void {
    this.serverOutputs.push(...outputs);
    this.toClient.push(...sends(outputs));
  }

  feedClient(input: DtlsInput): void {
    const r = clientStep(this.client, input);
    this.client = r.state;
    this.onClient(r.outputs);
  }

  feedServer(input: DtlsInput): void {
    if (this.server === undefined) {
      if (input.type !== 'datagram') return;
      const s = screenDatagram(input.data, PEER, cookieSecrets);
      if (s.kind === 'helloVerifyRequest') this.toClient.push(s.datagram);
      if (s.kind !== 'accept') return;
      this.server = createServerState(this.sConfig, { messageSeq: s.messageSeq, recordSeq: s.recordSeq });
    }
    const r = serverStep(this.server, input);
    this.server = r.state;
    this.onServer(r.outputs);
  }

  /**
   * Delivers what is in flight, both ways, until nothing moves; answers needPsk with `psk` (null: no
   * key for the identity; 'hold': leave the lookup pending).
   */
  run(psk: Buffer | null | 'hold' = PSK, rounds = 20): void {
    for (let i = 0; i < rounds && (this.toServer.length > 0 || this.toClient.length > 0); i++) {
      this.deliverToServer(psk);
      this.deliverToClient();
    }
  }

  deliverToServer(psk: Buffer | null | 'hold' = PSK): void {
    const ts = this.toServer;
    this.toServer = [];
    const before = this.serverOutputs.length;
    for (const d of ts) this.feedServer({ type: 'datagram', data: d });
    if (psk !== 'hold' && ofType(this.serverOutputs.slice(before), 'needPsk').length > 0)
      this.feedServer({ type: 'psk', psk: psk ?? undefined });
  }

  deliverToClient(): void {
    const tc = this.toClient;
    this.toClient = [];
    for (const d of tc) this.feedClient({ type: 'datagram', data: d });
  }
}

import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { CiotsecError } from '../../errors/base.js';
import {
  CIPHER_ID,
  MSG,
  parseMessage,
  serializeMessage,
  SLICE_INITIAL_ATTACH,
  type UeSnMessage,
} from '../../initial-attach/messages.js';
import type { Connectivity, TreSimulator } from '../tre/tre.js';

export class InitialAttachRejectedError extends CiotsecError {
  readonly code = 'ERR_INITIAL_ATTACH_REJECTED';
  override readonly name = 'InitialAttachRejectedError';
  constructor(readonly cause3gpp: number) {
    super(`initial attach rejected by the serving network (cause ${cause3gpp})`);
  }
}

export class InitialAttachTimeoutError extends CiotsecError {
  readonly code = 'ERR_INITIAL_ATTACH_TIMEOUT';
  override readonly name = 'InitialAttachTimeoutError';
}

export interface ProvisionOptions {
  readonly tre: TreSimulator;
  readonly host: string;
  readonly port: number;
  readonly uuid: Buffer;
  readonly authzFqdn: string;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly now?: () => Date;
}

export interface ProvisionResult {
  readonly connectivity: Connectivity;
  /** UDP payload sizes of steps 1, 4, 5 and 7 as the UE sent and received them. */
  readonly sizes: { step: string; from: 'ue' | 'sn'; bytes: number }[];
}

/**
 * The UE side of seed 004's initial attach (steps 1, 4, 5, 7, 8) over UDP: each request is resent
 * (bounded) until its answer arrives; the TRE does the cryptography.
 */
export async function provisionOverUdp(o: ProvisionOptions): Promise<ProvisionResult> {
  const socket = createSocket('udp4');
  const timeoutMs = o.timeoutMs ?? 2000;
  const retries = o.retries ?? 3;
  const now = o.now ?? (() => new Date());
  const sizes: ProvisionResult['sizes'] = [];
  const inbox: Buffer[] = [];
  let wake: (() => void) | undefined;
  socket.on('message', (b) => {
    inbox.push(b);
    wake?.();
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));

  async function exchange(
    req: Buffer,
    expect: number,
    nUe: Buffer,
  ): Promise<{ m: UeSnMessage; bytes: number }> {
    for (let attempt = 0; attempt <= retries; attempt++) {
      socket.send(req, o.port, o.host);
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (inbox.length === 0) {
          await new Promise<void>((r) => {
            const t = setTimeout(r, until - Date.now());
            wake = () => {
              clearTimeout(t);
              r();
            };
          });
          wake = undefined;
          continue;
        }
        const raw = inbox.shift()!;
        let m: UeSnMessage;
        try {
          m = parseMessage(raw);
        } catch {
          continue;
        }
        if (!('nUe' in m) || !m.nUe.equals(nUe)) continue;
        if (m.type === MSG.attachReject) throw new InitialAttachRejectedError(m.cause);
        if (m.type === expect) return { m, bytes: raw.length };
      }
    }
    throw new InitialAttachTimeoutError(`no answer from the serving network after ${retries + 1} tries`);
  }

  try {
    const nUe = randomBytes(16);
    // step 1
    const req1 = serializeMessage({
      type: MSG.attachRequest,
      nUe,
      uuid: o.uuid,
      authzFqdn: o.authzFqdn,
      sliceSelectType: SLICE_INITIAL_ATTACH,
      cipher: CIPHER_ID[o.tre.cipher],
    });
    sizes.push({ step: '1 Attach Request', from: 'ue', bytes: req1.length });
    const a4 = await exchange(req1, MSG.snCertificate, nUe);
    sizes.push({ step: '4 SN certificate', from: 'sn', bytes: a4.bytes });
    const m4 = a4.m as Extract<UeSnMessage, { type: 4 }>;
    // step 5 (the TRE aborts here when CERT.SN.ECKA is not issued by its CI)
    const c = o.tre.credentials({ certSnEcka: m4.certSnEcka, nSn: m4.nSn, uuid: o.uuid, now: now() });
    const req5 = serializeMessage({ type: MSG.treCredentials, nUe, ...c });
    sizes.push({ step: '5 TRE credentials', from: 'ue', bytes: req5.length });
    const a7 = await exchange(req5, MSG.snCredentials, nUe);
    sizes.push({ step: '7 SN credentials', from: 'sn', bytes: a7.bytes });
    const m7 = a7.m as Extract<UeSnMessage, { type: 7 }>;
    // step 8
    const connectivity = o.tre.connectivity({
      atkSn: m7.atkSn,
      certSnEcdsa: m7.certSnEcdsa,
      nUe,
      now: now(),
    });
    return { connectivity, sizes };
  } finally {
    await new Promise<void>((r) => socket.close(() => r()));
  }
}

/** One datagram on the conditional data channel; resolves with the answer or the closing cause. */
export async function sendChannelData(
  host: string,
  port: number,
  imsi: string,
  seq: number,
  payload: Buffer,
  timeoutMs = 2000,
): Promise<{ kind: 'ack'; payload: Buffer } | { kind: 'closed'; cause: number }> {
  const socket = createSocket('udp4');
  try {
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
    const answer = new Promise<Buffer>((resolve, reject) => {
      const t = setTimeout(
        () => reject(new InitialAttachTimeoutError('no answer on the data channel')),
        timeoutMs,
      );
      socket.once('message', (b) => {
        clearTimeout(t);
        resolve(b);
      });
    });
    socket.send(serializeMessage({ type: MSG.channelData, imsi, seq, payload }), port, host);
    const m = parseMessage(await answer);
    if (m.type === MSG.channelDataAck) return { kind: 'ack', payload: m.payload };
    if (m.type === MSG.channelClosed) return { kind: 'closed', cause: m.cause };
    throw new InitialAttachTimeoutError('unexpected answer on the data channel');
  } finally {
    await new Promise<void>((r) => socket.close(() => r()));
  }
}

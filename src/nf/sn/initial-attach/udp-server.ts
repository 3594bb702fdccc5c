import { createSocket, type RemoteInfo } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import type { CipherName } from '../../../crypto/initial-attach-keys.js';
import type { Authorisation } from '../../../initial-attach/authorisation.js';
import {
  CIPHER_ID,
  MSG,
  parseMessage,
  REJECT_CAUSE,
  serializeMessage,
  SLICE_INITIAL_ATTACH,
  type UeSnMessage,
} from '../../../initial-attach/messages.js';
import type { AuthzPort } from '../clients/uuid-authz.js';
import type { HssProvisioner } from '../clients/hss-provisioning.js';
import { allocateCx, authenticateTre, snCredentials, type SnDeviceCredentials } from './procedure.js';
import { initialAttachEvents } from './events.js';

export interface InitialAttachOptions {
  readonly credentials: SnDeviceCredentials;
  /** The Authorization Server for an FQDN, when the serving network has a business relationship with it. */
  readonly authzFor: (fqdn: string) => AuthzPort | undefined;
  readonly hss: HssProvisioner;
  /** Temporary IMSIs are allocated as this prefix (MCC‖MNC‖…) plus random digits. */
  readonly imsiPrefix: string;
  /** The minimal RSMF endpoint reached through the conditional data channel. */
  readonly rsmf: (imsi: string, payload: Buffer) => Buffer;
  readonly host?: string;
  readonly port?: number;
  readonly clock?: () => Date;
  readonly transactionTimeoutMs?: number;
  readonly maxTransactions?: number;
  readonly replayCacheSize?: number;
}

interface Transaction {
  state: 'authorising' | 'await-tre' | 'working' | 'provisioned';
  readonly createdAt: number;
  readonly request: Buffer;
  readonly uuid: Buffer;
  readonly nUe: Buffer;
  readonly cipher: CipherName;
  nSn?: Buffer;
  authz?: AuthzPort;
  authorisation?: Authorisation;
  lastIn?: Buffer;
  lastOut?: Buffer;
}

interface Channel {
  readonly imsi: string;
  readonly authorisation: Authorisation;
  readonly authz: AuthzPort;
  open: boolean;
  bytes: number;
  expiresAt: number;
}

export interface InitialAttachServer {
  readonly port: number;
  /** The AKA path accepted `imsi` (step 8 done): acknowledge (step 9) and open the conditional channel. */
  attached(imsi: string): Promise<void>;
  close(): Promise<void>;
}

const CIPHERS: Record<number, CipherName> = {
  [CIPHER_ID['aes128-cbc-hmac-sha256']]: 'aes128-cbc-hmac-sha256',
  [CIPHER_ID['aes128-gcm']]: 'aes128-gcm',
};

/**
 * The serving network's side of seed 004's initial attach over UDP (one CBOR message per datagram,
 * D-033): steps 1 → 2/3 (Authorization Server) → 4, 5 → 6 (authenticate the TRE, allocate IMSI/K/OPc,
 * provision the HSS) → 7; after the UE's AKA attach, the Acknowledge and the conditional data channel
 * with the authorisation's limits. Anti-replay: nUe is accepted once (a bounded cache of used nonces),
 * the SN nonce of step 4 must come back signed in ATK.TRE, and the authorisation is one-time at the
 * Authorization Server. A retransmitted request gets the cached answer.
 */
export async function startInitialAttachServer(o: InitialAttachOptions): Promise<InitialAttachServer> {
  const clock = o.clock ?? (() => new Date());
  const txTimeout = o.transactionTimeoutMs ?? 30_000;
  const maxTx = o.maxTransactions ?? 1000;
  const replayMax = o.replayCacheSize ?? 10_000;
  const txs = new Map<string, Transaction>();
  const used = new Set<string>();
  const pending = new Map<string, Channel>();
  const channels = new Map<string, Channel>();
  const socket = createSocket('udp4');

  const remember = (nUe: string): void => {
    used.add(nUe);
    if (used.size > replayMax) used.delete(used.values().next().value as string);
  };
  const prune = (now: number): void => {
    for (const [k, t] of txs) {
      if (now - t.createdAt <= txTimeout && txs.size <= maxTx) break;
      txs.delete(k);
    }
  };
  const send = (m: UeSnMessage, to: RemoteInfo, step: string, tx?: Transaction): void => {
    const bytes = serializeMessage(m);
    if (tx !== undefined) tx.lastOut = bytes;
    initialAttachEvents.message({ step, from: 'sn', to: 'ue', bytes: bytes.length });
    socket.send(bytes, to.port, to.address);
  };
  const reject = (nUe: Buffer, cause: number, to: RemoteInfo, why: string): void => {
    initialAttachEvents.outcome({ outcome: 'rejected', cause: why });
    send({ type: MSG.attachReject, nUe, cause }, to, 'reject');
  };

  async function onAttachRequest(
    m: Extract<UeSnMessage, { type: 1 }>,
    raw: Buffer,
    from: RemoteInfo,
  ): Promise<void> {
    const key = m.nUe.toString('hex');
    const tx = txs.get(key);
    if (tx !== undefined) {
      if (tx.request.equals(raw) && tx.lastOut !== undefined && tx.state === 'await-tre')
        socket.send(tx.lastOut, from.port, from.address);
      else if (!tx.request.equals(raw)) reject(m.nUe, REJECT_CAUSE.replay, from, 'nonce reused');
      return;
    }
    if (used.has(key)) return reject(m.nUe, REJECT_CAUSE.replay, from, 'replayed attach request');
    if (m.sliceSelectType !== SLICE_INITIAL_ATTACH)
      return reject(m.nUe, REJECT_CAUSE.sliceNotSupported, from, 'slice select type');
    const authz = o.authzFor(m.authzFqdn);
    if (authz === undefined)
      return reject(m.nUe, REJECT_CAUSE.authorisationRefused, from, 'no agreement with FQDN');
    const t: Transaction = {
      state: 'authorising',
      createdAt: clock().getTime(),
      request: raw,
      uuid: m.uuid,
      nUe: m.nUe,
      cipher: CIPHERS[m.cipher]!,
      authz,
    };
    txs.set(key, t);
    remember(key);
    prune(t.createdAt);
    let a: Authorisation;
    try {
      a = await authz.authorise(m.uuid); // steps 2–3
    } catch {
      txs.delete(key);
      return reject(m.nUe, REJECT_CAUSE.authorisationRefused, from, 'authorisation refused');
    }
    if (!a.uuid.equals(m.uuid) || a.expiresAt * 1000 < clock().getTime()) {
      txs.delete(key);
      return reject(m.nUe, REJECT_CAUSE.authorisationRefused, from, 'authorisation does not match');
    }
    t.authorisation = a;
    t.nSn = randomBytes(16);
    t.state = 'await-tre';
    // step 4
    send(
      { type: MSG.snCertificate, nUe: m.nUe, nSn: t.nSn, certSnEcka: o.credentials.ecka.cert },
      from,
      '4 SN certificate',
      t,
    );
  }

  async function onTreCredentials(
    m: Extract<UeSnMessage, { type: 5 }>,
    raw: Buffer,
    from: RemoteInfo,
  ): Promise<void> {
    const t = txs.get(m.nUe.toString('hex'));
    if (t === undefined) return reject(m.nUe, REJECT_CAUSE.unknownTransaction, from, 'unknown transaction');
    if (t.state !== 'await-tre') {
      if (t.state === 'provisioned' && t.lastIn?.equals(raw) === true && t.lastOut !== undefined)
        socket.send(t.lastOut, from.port, from.address);
      else if (t.state === 'provisioned') reject(m.nUe, REJECT_CAUSE.replay, from, 'second TRE credentials');
      return;
    }
    t.state = 'working';
    t.lastIn = raw;
    const a = t.authorisation!;
    let pkTreEcdhe: Buffer;
    try {
      ({ pkTreEcdhe } = authenticateTre(
        o.credentials,
        t.cipher,
        { uuid: t.uuid, nSn: t.nSn!, treBinding: a.treBinding },
        m,
        clock(),
      ));
    } catch (err) {
      txs.delete(m.nUe.toString('hex'));
      return reject(
        m.nUe,
        REJECT_CAUSE.authenticationFailed,
        from,
        (err as { code?: string }).code ?? 'error',
      );
    }
    const cx = allocateCx(o.imsiPrefix);
    try {
      await o.hss.provision(cx);
    } catch {
      txs.delete(m.nUe.toString('hex'));
      return reject(m.nUe, REJECT_CAUSE.networkFailure, from, 'HSS provisioning failed');
    }
    const out = snCredentials(o.credentials, t.cipher, { uuid: t.uuid, nUe: t.nUe }, pkTreEcdhe, cx);
    t.state = 'provisioned';
    pending.set(cx.imsi, {
      imsi: cx.imsi,
      authorisation: a,
      authz: t.authz!,
      open: false,
      bytes: 0,
      expiresAt: 0,
    });
    initialAttachEvents.outcome({ outcome: 'provisioned', imsi: cx.imsi });
    send(
      { type: MSG.snCredentials, nUe: m.nUe, atkSn: out.atkSn, certSnEcdsa: out.certSnEcdsa },
      from,
      '7 SN credentials',
      t,
    );
  }

  function onChannelData(m: Extract<UeSnMessage, { type: 20 }>, from: RemoteInfo): void {
    const c = channels.get(m.imsi);
    const now = clock().getTime();
    if (c === undefined || !c.open) {
      send(
        { type: MSG.channelClosed, imsi: m.imsi, cause: REJECT_CAUSE.unknownTransaction },
        from,
        'channel closed',
      );
      return;
    }
    c.bytes += m.payload.length;
    if (c.bytes > c.authorisation.maxBytes || now > c.expiresAt) {
      c.open = false;
      initialAttachEvents.outcome({ outcome: 'channel-closed', imsi: m.imsi, cause: 'limit exceeded' });
      send(
        { type: MSG.channelClosed, imsi: m.imsi, cause: REJECT_CAUSE.limitExceeded },
        from,
        'channel closed',
      );
      return;
    }
    const answer = o.rsmf(m.imsi, m.payload);
    c.bytes += answer.length;
    send({ type: MSG.channelDataAck, seq: m.seq, payload: answer }, from, 'channel data');
  }

  socket.on('message', (raw, from) => {
    let m: UeSnMessage;
    try {
      m = parseMessage(raw);
    } catch {
      initialAttachEvents.outcome({ outcome: 'rejected', cause: 'malformed datagram dropped' });
      return;
    }
    const step =
      m.type === MSG.attachRequest
        ? '1 Attach Request'
        : m.type === MSG.treCredentials
          ? '5 TRE credentials'
          : 'channel data';
    initialAttachEvents.message({ step, from: 'ue', to: 'sn', bytes: raw.length });
    const work =
      m.type === MSG.attachRequest
        ? onAttachRequest(m, raw, from)
        : m.type === MSG.treCredentials
          ? onTreCredentials(m, raw, from)
          : m.type === MSG.channelData
            ? Promise.resolve(onChannelData(m, from))
            : Promise.resolve();
    work.catch(() => initialAttachEvents.outcome({ outcome: 'rejected', cause: 'internal error' }));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: socket.address().port,
    async attached(imsi) {
      const c = pending.get(imsi);
      if (c === undefined) return;
      pending.delete(imsi);
      await c.authz.acknowledge(c.authorisation.authzId); // step 9 (10 in the figure)
      c.open = true;
      c.expiresAt = clock().getTime() + c.authorisation.maxSeconds * 1000;
      channels.set(imsi, c);
      initialAttachEvents.outcome({ outcome: 'connected', imsi });
    },
    async close() {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

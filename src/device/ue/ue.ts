import { connect } from 'node:net';
import { fromHex, toHex } from '../../crypto/bytes.js';
import { SecretKey } from '../../crypto/secret-key.js';
import {
  computeE2mIntKey,
  computeE2mKey,
  computeKasme,
  computeServingCkIk,
  keyIdFromRand,
  type AppKeyKdfConfig,
} from '../../crypto/derivations.js';
import { CiotsecError } from '../../errors/base.js';
import { JsonLines } from '../../transport/json-lines.js';
import type { UsimSimulator } from '../usim/usim.js';

export class AttachRejectedError extends CiotsecError {
  readonly code = 'ERR_ATTACH_REJECTED';
  override readonly name = 'AttachRejectedError';
}

export interface AttachResult {
  readonly resynchronised: boolean;
  /** Key identifier of e2m_int_key: the 32 LSBs of RAND (D-003). */
  readonly keyId: string;
  readonly e2mIntKey: SecretKey;
  /** What the serving network holds, derived on the ME side for comparison (fingerprint only). */
  readonly servingKeyFp: string;
}

export interface UeOptions {
  readonly usim: UsimSimulator;
  /** The subscriber's profile asks for e2m security (CK'/IK' to a UMTS serving network). */
  readonly e2m: boolean;
  readonly vectorType: 'umts' | 'eps';
  readonly plmn: string;
  readonly kdf?: AppKeyKdfConfig;
}

/**
 * UE simulator (USIM + ME): attaches through the serving network over the simplified NAS transport,
 * answers the AKA challenge, resynchronises when the USIM reports a synch failure, and derives
 * e2m_int_key, its key identifier and — per EMSE — e2m_key (seed 001 6.x.2.3 step b).
 */
export class UeSimulator {
  readonly #o: UeOptions;
  #last: AttachResult | undefined;

  constructor(opts: UeOptions) {
    this.#o = opts;
  }

  async attach(host: string, port: number, timeoutMs = 10_000): Promise<AttachResult> {
    const socket = connect({ host, port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const ch = new JsonLines(socket);
    try {
      ch.send({ type: 'attach-request', imsi: this.#o.usim.imsi });
      let resynchronised = false;
      let keys: { rand: Buffer; autn: Buffer; ck: Buffer; ik: Buffer } | undefined;
      for (let round = 0; round < 3; round++) {
        const m = await ch.read(timeoutMs);
        if (m['type'] === 'attach-accept' && keys !== undefined) break;
        if (m['type'] === 'attach-reject')
          throw new AttachRejectedError(`attach rejected: ${String(m['cause'])}`);
        if (m['type'] !== 'authentication-request')
          throw new AttachRejectedError(`unexpected message ${String(m['type'])}`);
        const rand = fromHex(String(m['rand']), 'rand', 16);
        const autn = fromHex(String(m['autn']), 'autn', 16);
        const r = this.#o.usim.authenticate(rand, autn);
        if (r.kind === 'success') {
          keys = { rand, autn, ck: r.ck, ik: r.ik };
          ch.send({ type: 'authentication-response', res: toHex(r.res) });
        } else if (r.kind === 'sync-failure') {
          resynchronised = true;
          ch.send({ type: 'authentication-failure', cause: 'synch-failure', auts: toHex(r.auts) });
        } else {
          ch.send({ type: 'authentication-failure', cause: 'mac-failure' });
          throw new AttachRejectedError('network authentication failed (MAC failure)');
        }
      }
      if (keys === undefined) throw new AttachRejectedError('attach did not complete');
      const sqnXorAk = keys.autn.subarray(0, 6);
      const serving =
        this.#o.vectorType === 'eps'
          ? computeKasme(keys.ck, keys.ik, fromHex(this.#o.plmn, 'plmn', 3), sqnXorAk)
          : this.#o.e2m
            ? (({ ckPrime, ikPrime }) => Buffer.concat([ckPrime, ikPrime]))(
                computeServingCkIk(keys.ck, keys.ik, sqnXorAk, this.#o.kdf),
              )
            : Buffer.concat([keys.ck, keys.ik]);
      this.#last = {
        resynchronised,
        keyId: toHex(keyIdFromRand(keys.rand)),
        e2mIntKey: SecretKey.from(computeE2mIntKey(keys.ck, keys.ik, this.#o.kdf)),
        servingKeyFp: SecretKey.from(serving).fingerprint,
      };
      return this.#last;
    } finally {
      ch.close();
    }
  }

  /** e2m_key for an EMSE from the latest AKA run (seed 001 6.x.2.1 step 2). */
  e2mKey(emseId: string): { keyId: string; key: SecretKey } {
    if (this.#last === undefined) throw new AttachRejectedError('no AKA run yet');
    return {
      keyId: this.#last.keyId,
      key: SecretKey.from(computeE2mKey(this.#last.e2mIntKey.export(), emseId, this.#o.kdf)),
    };
  }
}

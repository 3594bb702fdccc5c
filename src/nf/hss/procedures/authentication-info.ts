import { randomBytes } from 'node:crypto';
import { InvalidInputError } from '../../../errors/base.js';
import { SecretKey } from '../../../crypto/secret-key.js';
import {
  computeE2mIntKey,
  computeKasme,
  computeServingCkIk,
  keyIdFromRand,
  type AppKeyKdfConfig,
} from '../../../crypto/derivations.js';
import { generateAuthVector } from '../../../aka/vector.js';
import { nextSqnHe } from '../../../aka/sqn.js';
import { recoverSqnMs, resynchroniseSqnHe } from '../../../aka/resync.js';
import type { E2mOutboxEntry } from '../../../store/subscriber-store.js';
import type { HssContext } from '../context.js';
import { TooManyVectorsError } from '../errors.js';
import { hssEvents } from '../events.js';

export type VectorType = 'umts' | 'eps';

export interface AuthenticationInfoRequest {
  readonly imsi: string;
  readonly vectorType: VectorType;
  readonly count: number;
  /** PLMN identity (3 octets, TS 24.301 encoding); required for EPS vectors (K_ASME). */
  readonly servingNetworkId?: Buffer;
  readonly ind?: number;
  readonly resync?: { readonly rand: Buffer; readonly auts: Buffer };
}

export interface UmtsVectorOut {
  readonly rand: Buffer;
  readonly xres: Buffer;
  readonly autn: Buffer;
  /** CK and IK — or, for an e2m subscriber, CK' and IK' (D-015). */
  readonly ck: Buffer;
  readonly ik: Buffer;
}

export interface EpsVectorOut {
  readonly rand: Buffer;
  readonly xres: Buffer;
  readonly autn: Buffer;
  readonly kasme: Buffer;
}

export interface AuthenticationInfoResult {
  readonly vectorType: VectorType;
  readonly vectors: (UmtsVectorOut | EpsVectorOut)[];
  /** e2m_int_keys queued for the EMKS (key ids only). */
  readonly e2mKeyIds: Buffer[];
  readonly resynchronised: boolean;
}

/**
 * The authentication-information procedure (the S6a AIR of TS 29.272, modelled on Nudm_UEAU): an
 * optional resynchronisation (TS 33.102 §6.3.5), then `count` vectors. For an e2m subscriber each
 * vector also yields e2m_int_key = KDF(CK‖IK, "e2m_CIoT") (seed 001 6.x.2.1), written to the outbox in
 * the same transaction as the SQN, and a UMTS serving network receives CK'/IK' instead of CK/IK.
 */
export async function authenticationInfo(
  ctx: HssContext,
  req: AuthenticationInfoRequest,
  kdfCfg?: AppKeyKdfConfig,
): Promise<AuthenticationInfoResult> {
  if (!Number.isInteger(req.count) || req.count < 1) throw new InvalidInputError('numVectors', 'must be ≥ 1');
  if (req.count > ctx.config.maxVectorsPerRequest)
    throw new TooManyVectorsError(req.count, ctx.config.maxVectorsPerRequest);
  if (req.vectorType === 'eps' && req.servingNetworkId?.length !== 3) {
    throw new InvalidInputError('servingNetworkId', 'EPS vectors need the 3-octet PLMN identity');
  }
  const random = ctx.random ?? randomBytes;
  const { indBits } = ctx.config.sqn;
  const r = await ctx.store.updateSqn(req.imsi, (s) => {
    const m = ctx.milenage.for(s);
    let sqn = s.sqn;
    let resynchronised = false;
    if (req.resync !== undefined) {
      const sqnMs = recoverSqnMs(m, req.resync.rand, req.resync.auts);
      sqn = resynchroniseSqnHe(sqn, sqnMs, ctx.config.sqn);
      resynchronised = true;
      hssEvents.resync({ imsi: req.imsi, outcome: 'accepted', sqnMs, sqnHeBefore: s.sqn, sqnHeAfter: sqn });
    }
    const vectors: (UmtsVectorOut | EpsVectorOut)[] = [];
    const outbox: E2mOutboxEntry[] = [];
    const sqns: number[] = [];
    for (let i = 0; i < req.count; i++) {
      sqn = nextSqnHe(sqn, indBits, req.ind);
      sqns.push(sqn);
      const av = generateAuthVector(m, random(16), sqn, s.amf);
      if (s.profile.e2m) {
        outbox.push({
          imsi: s.imsi,
          keyId: keyIdFromRand(av.rand),
          e2mIntKey: SecretKey.from(computeE2mIntKey(av.ck, av.ik, kdfCfg)),
        });
      }
      if (req.vectorType === 'eps') {
        // K_ASME is one-way from CK‖IK, so the MME cannot recover e2m_int_key from it.
        vectors.push({
          rand: av.rand,
          xres: av.xres,
          autn: av.autn,
          kasme: computeKasme(av.ck, av.ik, req.servingNetworkId!, av.sqnXorAk),
        });
      } else if (s.profile.e2m) {
        const p = computeServingCkIk(av.ck, av.ik, av.sqnXorAk, kdfCfg);
        vectors.push({ rand: av.rand, xres: av.xres, autn: av.autn, ck: p.ckPrime, ik: p.ikPrime });
      } else {
        vectors.push({ rand: av.rand, xres: av.xres, autn: av.autn, ck: av.ck, ik: av.ik });
      }
    }
    return { sqn, outbox, result: { vectors, sqns, resynchronised, e2mKeyIds: outbox.map((o) => o.keyId) } };
  });
  hssEvents.vectorsGenerated({
    imsi: req.imsi,
    count: req.count,
    firstSqn: r.sqns[0]!,
    lastSqn: r.sqns[r.sqns.length - 1]!,
  });
  return {
    vectorType: req.vectorType,
    vectors: r.vectors,
    e2mKeyIds: r.e2mKeyIds,
    resynchronised: r.resynchronised,
  };
}

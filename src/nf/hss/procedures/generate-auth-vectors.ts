import { InvalidInputError } from '../../../errors/base.js';
import { generateAuthVector, type AuthVector } from '../../../aka/vector.js';
import { nextSqnHe } from '../../../aka/sqn.js';
import type { Subscriber } from '../../../store/subscriber-store.js';
import type { HssContext } from '../context.js';
import { TooManyVectorsError } from '../errors.js';
import { hssEvents } from '../events.js';

export interface GenerateAuthVectorsRequest {
  readonly imsi: string;
  readonly count?: number;
  /** IND slot of the requesting serving node (TS 33.102 C.1.2); the HSS cycles slots when absent. */
  readonly ind?: number;
  /** AMF for these vectors; the subscriber's default when absent. */
  readonly amf?: Buffer;
}

/**
 * TS 33.102 §6.3.2: reserve `count` fresh SQNs atomically in the store, then compute one vector per SQN
 * with a fresh RAND. The SQN reservation happens before any vector leaves, so a crash can waste SQNs
 * but never reuse one.
 */
export async function generateAuthVectors(
  ctx: HssContext,
  req: GenerateAuthVectorsRequest,
): Promise<{ subscriber: Subscriber; vectors: AuthVector[] }> {
  const count = req.count ?? 1;
  if (!Number.isInteger(count) || count < 1)
    throw new InvalidInputError('count', 'must be a positive integer');
  if (count > ctx.config.maxVectorsPerRequest)
    throw new TooManyVectorsError(count, ctx.config.maxVectorsPerRequest);
  if (req.amf !== undefined && req.amf.length !== 2) throw new InvalidInputError('amf', 'must be 2 bytes');
  const { indBits } = ctx.config.sqn;
  const { subscriber, sqns } = await ctx.store.updateSqn(req.imsi, (s) => {
    const sqns: number[] = [];
    let sqn = s.sqn;
    for (let i = 0; i < count; i++) {
      sqn = nextSqnHe(sqn, indBits, req.ind);
      sqns.push(sqn);
    }
    return { sqn, result: { subscriber: s, sqns } };
  });
  const m = ctx.milenage.for(subscriber);
  const amf = req.amf ?? subscriber.amf;
  const vectors = sqns.map((sqn) => generateAuthVector(m, ctx.random(16), sqn, amf));
  hssEvents.vectorsGenerated({ imsi: req.imsi, count, firstSqn: sqns[0]!, lastSqn: sqns[sqns.length - 1]! });
  return { subscriber, vectors };
}

import { AutsMacFailureError } from '../../../aka/errors.js';
import { recoverSqnMs, resynchroniseSqnHe } from '../../../aka/resync.js';
import type { HssContext } from '../context.js';
import { hssEvents } from '../events.js';

export interface ResynchroniseRequest {
  readonly imsi: string;
  /** The RAND of the vector the USIM rejected. */
  readonly rand: Buffer;
  readonly auts: Buffer;
}

/**
 * TS 33.102 §6.3.5: verify MAC-S, recover SQN_MS and reset SQN_HE if the USIM would not accept the
 * HSS's next SQN. Verification and update are one atomic store operation; a failed MAC-S leaves the
 * stored SQN untouched.
 */
export async function resynchronise(
  ctx: HssContext,
  req: ResynchroniseRequest,
): Promise<{ sqnMs: number; sqnHeBefore: number; sqnHe: number }> {
  try {
    const r = await ctx.store.updateSqn(req.imsi, (s) => {
      const sqnMs = recoverSqnMs(ctx.milenage.for(s), req.rand, req.auts);
      const sqnHe = resynchroniseSqnHe(s.sqn, sqnMs, ctx.config.sqn);
      return { sqn: sqnHe, result: { sqnMs, sqnHeBefore: s.sqn, sqnHe } };
    });
    hssEvents.resync({
      imsi: req.imsi,
      outcome: 'accepted',
      sqnMs: r.sqnMs,
      sqnHeBefore: r.sqnHeBefore,
      sqnHeAfter: r.sqnHe,
    });
    return r;
  } catch (err) {
    if (err instanceof AutsMacFailureError) {
      hssEvents.resync({
        imsi: req.imsi,
        outcome: 'mac-s-failure',
        sqnMs: undefined,
        sqnHeBefore: undefined,
        sqnHeAfter: undefined,
      });
    }
    throw err;
  }
}

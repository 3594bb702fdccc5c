import { SecretKey } from '../../../crypto/secret-key.js';
import { computeE2mKey } from '../../../crypto/derivations.js';
import { fromHex } from '../../../crypto/bytes.js';
import { InvalidInputError } from '../../../errors/base.js';
import type { EmksContext } from '../context.js';
import type { PutKeyOutcome } from '../store/emks-store.js';
import { emksEvents } from '../events.js';

export interface AnchorKeyInfo {
  supi: string;
  /** e2m key identifier, 8 hex digits (D-003, D-014). */
  aKId: string;
  /** e2m_int_key, 64 hex digits. */
  kAkma: string;
  /** The HSS's issue order of this key (D-014); optional for other pushers. */
  seq?: number | undefined;
}

export function imsiFromSupi(supi: string): string {
  const m = /^imsi-([0-9]{6,15})$/.exec(supi);
  if (m === null) throw new InvalidInputError('supi', "must be 'imsi-' followed by 6 to 15 digits");
  return m[1]!;
}

/**
 * Seed 001 6.x.2.1: store an e2m_int_key pushed by the HSS. Idempotent on (IMSI, key id), so the HSS's
 * at-least-once outbox never duplicates a key. New keys are announced to subscribed EMSEs.
 */
export async function registerAnchorKey(ctx: EmksContext, body: AnchorKeyInfo): Promise<PutKeyOutcome> {
  const imsi = imsiFromSupi(body.supi);
  const keyId = fromHex(body.aKId, 'aKId', 4);
  const key = SecretKey.from(fromHex(body.kAkma, 'kAkma', 32));
  const outcome = await ctx.store.putKey(imsi, keyId, key, ctx.retention, ctx.now(), body.seq);
  emksEvents.anchorKey({ imsi, keyId: body.aKId.toLowerCase(), outcome });
  if ((outcome === 'created' || outcome === 'replaced') && ctx.notify !== undefined)
    void notifySubscribers(ctx, imsi, keyId, key);
  return outcome;
}

/** Seed 001 6.x.2.2 subscription/notification: push the new e2m_key to each subscribed, authorised EMSE. */
async function notifySubscribers(
  ctx: EmksContext,
  imsi: string,
  keyId: Buffer,
  key: SecretKey,
): Promise<void> {
  const ueIds = [`imsi-${imsi}`, ...(await ctx.store.identitiesOf(imsi))];
  for (const sub of await ctx.store.subscriptionsFor(ueIds)) {
    for (const ueId of sub.ueIds.filter((u) => ueIds.includes(u))) {
      if (!(await ctx.store.isAuthorised(sub.emseId, ueId))) continue;
      const e2mKey = computeE2mKey(key.export(), sub.emseId, ctx.kdf);
      try {
        await ctx.notify!(sub.notifyUri, {
          ueId,
          keyId: keyId.toString('hex'),
          emseId: sub.emseId,
          e2mKey: e2mKey.toString('hex'),
        });
        await ctx.store.audit({
          at: ctx.now().toISOString(),
          emseId: sub.emseId,
          ueId,
          imsi,
          keyId: keyId.toString('hex'),
          outcome: 'notified',
        });
      } catch {
        emksEvents.notifyFailed({ emseId: sub.emseId, ueId, keyId: keyId.toString('hex') });
      }
    }
  }
}

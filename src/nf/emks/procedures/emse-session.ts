import { randomUUID } from 'node:crypto';
import { computeE2mKey } from '../../../crypto/derivations.js';
import { fromHex, toHex } from '../../../crypto/bytes.js';
import type { NfIdentity } from '../../../pki/identity.js';
import type { EmksContext } from '../context.js';
import {
  E2mKeyNotFoundError,
  EmseIdMismatchError,
  EmseSessionError,
  UeNotAuthorisedError,
  UnknownUeIdentityError,
} from '../errors.js';
import type { EmseSession } from '../store/emks-store.js';
import { emksEvents } from '../events.js';

/** EMSE registration (seed 001 6.x.2.2): the EMSE_Id in the body must be the one in its certificate. */
export async function registerEmse(ctx: EmksContext, peer: NfIdentity, emseId: string): Promise<EmseSession> {
  if (emseId !== peer.instance) {
    throw new EmseIdMismatchError(
      `EMSE_Id '${emseId}' is not the identity of the client certificate ('${peer.instance}')`,
    );
  }
  return ctx.store.createSession(emseId, ctx.now());
}

async function ownSession(ctx: EmksContext, peer: NfIdentity, sessionId: string): Promise<EmseSession> {
  const s = await ctx.store.getSession(sessionId);
  // Another EMSE's session is reported exactly like an unknown one.
  if (s === undefined || s.emseId !== peer.instance)
    throw new EmseSessionError(`no session ${sessionId} for this EMSE`);
  return s;
}

export async function deregisterEmse(ctx: EmksContext, peer: NfIdentity, sessionId: string): Promise<void> {
  await ownSession(ctx, peer, sessionId);
  await ctx.store.deleteSession(sessionId);
}

/** UE identity → IMSI: `imsi-<digits>` directly, or an application-layer identity from the mapping (case 2). */
async function resolveUe(ctx: EmksContext, ueId: string): Promise<string> {
  const direct = /^imsi-([0-9]{6,15})$/.exec(ueId);
  if (direct !== null) return direct[1]!;
  const imsi = await ctx.store.resolveIdentity(ueId);
  if (imsi === undefined) throw new UnknownUeIdentityError(`unknown UE identity '${ueId}'`);
  return imsi;
}

export interface E2mKeyRelease {
  ueId: string;
  keyId: string;
  emseId: string;
  e2mKey: string;
}

/**
 * Key fetch (seed 001 6.x.2.3 steps 5–6): select e2m_int_key by UE identity and key id, derive
 * e2m_key = KDF(e2m_int_key, EMSE_Id) and release it to the authorised EMSE; every attempt is audited
 * (never the key).
 */
export async function fetchE2mKey(
  ctx: EmksContext,
  peer: NfIdentity,
  sessionId: string,
  ueId: string,
  keyIdHex: string,
): Promise<E2mKeyRelease> {
  const session = await ownSession(ctx, peer, sessionId);
  const keyId = fromHex(keyIdHex, 'keyId', 4);
  const at = ctx.now().toISOString();
  const audit = async (
    imsi: string | null,
    outcome: 'released' | 'not-found' | 'forbidden',
  ): Promise<void> => {
    await ctx.store.audit({ at, emseId: session.emseId, ueId, imsi, keyId: toHex(keyId), outcome });
    emksEvents.keyRelease({ emseId: session.emseId, keyId: toHex(keyId), outcome });
  };
  if (!(await ctx.store.isAuthorised(session.emseId, ueId))) {
    await audit(null, 'forbidden');
    throw new UeNotAuthorisedError(`EMSE '${session.emseId}' is not authorised for UE '${ueId}'`);
  }
  const imsi = await resolveUe(ctx, ueId);
  const stored = await ctx.store.getKey(imsi, keyId);
  if (stored === undefined) {
    await audit(imsi, 'not-found');
    throw new E2mKeyNotFoundError(
      `no e2m_int_key ${toHex(keyId)} for UE '${ueId}' (unknown or beyond retention)`,
    );
  }
  const e2mKey = computeE2mKey(stored.key.export(), session.emseId, ctx.kdf);
  await audit(imsi, 'released');
  return { ueId, keyId: toHex(keyId), emseId: session.emseId, e2mKey: toHex(e2mKey) };
}

export async function subscribe(
  ctx: EmksContext,
  peer: NfIdentity,
  sessionId: string,
  notifyUri: string,
  ueIds: string[],
): Promise<{ subscriptionId: string }> {
  const session = await ownSession(ctx, peer, sessionId);
  for (const u of ueIds) {
    if (!(await ctx.store.isAuthorised(session.emseId, u)))
      throw new UeNotAuthorisedError(`not authorised for UE '${u}'`);
  }
  const subscriptionId = randomUUID();
  await ctx.store.addSubscription({ subscriptionId, sessionId, emseId: session.emseId, notifyUri, ueIds });
  return { subscriptionId };
}

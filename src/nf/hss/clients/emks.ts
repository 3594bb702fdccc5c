import type { SbiClient } from '../../../sbi/client.js';
import type { E2mOutboxItem } from '../../../store/subscriber-store.js';

/** Path of the EMKS anchor-key registration, modelled on Naanf_AKMA_AnchorKey_Register (TS 29.535). */
export const EMKS_ANCHOR_KEYS_PATH = '/nemks-e2m/v1/anchor-keys';

/**
 * Body of the push: exactly TS 29.535 AkmaKeyInfo (supi, aKId, kAkma), with aKId the e2m key identifier
 * (8 hex digits, D-003) and kAkma the e2m_int_key (64 hex digits) — D-014. Tests validate it against the
 * official OpenAPI file.
 */
export interface E2mAnchorKeyInfo {
  supi: string;
  aKId: string;
  kAkma: string;
  /**
   * Issue order of the key at the HSS (its outbox sequence): the EMKS keeps the newest keys by this
   * order, not by arrival, which retries after an outage shuffle (D-014). A namespaced extension member.
   */
  'ciotsec:seq': number;
}

export function toAnchorKeyInfo(item: E2mOutboxItem): E2mAnchorKeyInfo {
  return {
    supi: `imsi-${item.imsi}`,
    aKId: item.keyId.toString('hex'),
    kAkma: item.e2mIntKey.export().toString('hex'),
    'ciotsec:seq': item.id,
  };
}

export async function pushAnchorKey(client: SbiClient, item: E2mOutboxItem): Promise<void> {
  await client.json('POST', EMKS_ANCHOR_KEYS_PATH, toAnchorKeyInfo(item));
}

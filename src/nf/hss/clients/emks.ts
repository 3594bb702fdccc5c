import type { SbiClient } from '../../../sbi/client.js';
import type { E2mOutboxItem } from '../../../store/subscriber-store.js';

/** Path of the EMKS anchor-key registration, modelled on Naanf_AKMA_AnchorKey_Register (TS 29.535). */
export const EMKS_ANCHOR_KEYS_PATH = '/nemks-e2m/v1/anchor-keys';

/**
 * Body of the push (TS 29.535 AkmaKeyInfo shape: supi, akId, kAkma → supi, keyId, e2mIntKey). Hex for
 * binary values, as the 3GPP JSON APIs do for keys.
 */
export interface E2mAnchorKeyInfo {
  supi: string;
  keyId: string;
  e2mIntKey: string;
}

export function toAnchorKeyInfo(item: E2mOutboxItem): E2mAnchorKeyInfo {
  return {
    supi: `imsi-${item.imsi}`,
    keyId: item.keyId.toString('hex'),
    e2mIntKey: item.e2mIntKey.export().toString('hex'),
  };
}

export async function pushAnchorKey(client: SbiClient, item: E2mOutboxItem): Promise<void> {
  await client.json('POST', EMKS_ANCHOR_KEYS_PATH, toAnchorKeyInfo(item));
}

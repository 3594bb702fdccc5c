import diagnosticsChannel from 'node:diagnostics_channel';

/** diagnostics_channel events of the EMKS. Payloads never carry key material. */
export const emksChannels = {
  anchorKey: diagnosticsChannel.channel('ciotsec:emks:anchor-key'),
  notifyFailed: diagnosticsChannel.channel('ciotsec:emks:notify-failed'),
  keyRelease: diagnosticsChannel.channel('ciotsec:emks:key-release'),
} as const;

export const emksEvents = {
  anchorKey(e: { imsi: string; keyId: string; outcome: string }): void {
    if (emksChannels.anchorKey.hasSubscribers) emksChannels.anchorKey.publish(e);
  },
  notifyFailed(e: { emseId: string; ueId: string; keyId: string }): void {
    if (emksChannels.notifyFailed.hasSubscribers) emksChannels.notifyFailed.publish(e);
  },
  keyRelease(e: { emseId: string; keyId: string; outcome: 'released' | 'not-found' | 'forbidden' }): void {
    if (emksChannels.keyRelease.hasSubscribers) emksChannels.keyRelease.publish(e);
  },
} as const;

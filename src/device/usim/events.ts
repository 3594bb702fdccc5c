import diagnosticsChannel from 'node:diagnostics_channel';

/** diagnostics_channel events of the USIM simulator. Payloads never carry key material. */
export const usimChannels = {
  challenge: diagnosticsChannel.channel('ciotsec:usim:challenge'),
} as const;

export interface UsimChallengeEvent {
  readonly imsi: string;
  readonly outcome: 'success' | 'mac-failure' | 'sync-failure';
  readonly sqn: number | undefined;
  readonly sqnMs: number | undefined;
}

export const usimEvents = {
  challenge(e: UsimChallengeEvent): void {
    if (usimChannels.challenge.hasSubscribers) usimChannels.challenge.publish(e);
  },
} as const;

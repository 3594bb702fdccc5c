import diagnosticsChannel from 'node:diagnostics_channel';

export interface AttachOutcome {
  readonly imsi: string | undefined;
  readonly outcome: 'accepted' | 'rejected';
  readonly cause?: string;
  readonly resynchronised: boolean;
  /** Fingerprint of the key the serving network holds (K_ASME, or CK‖IK / CK'‖IK'). */
  readonly servingKeyFp?: string;
}

export const snChannels = {
  attach: diagnosticsChannel.channel('ciotsec:sn:attach'),
} as const;

export const snEvents = {
  attach(e: AttachOutcome): void {
    if (snChannels.attach.hasSubscribers) snChannels.attach.publish(e);
  },
} as const;

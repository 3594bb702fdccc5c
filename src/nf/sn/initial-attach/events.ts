import diagnosticsChannel from 'node:diagnostics_channel';

/** One message of the initial attach and its size in octets (UDP payload or HTTP body). */
export interface MessageEvent {
  readonly step: string;
  readonly from: 'ue' | 'sn' | 'authz';
  readonly to: 'ue' | 'sn' | 'authz';
  readonly bytes: number;
}

export interface OutcomeEvent {
  readonly outcome: 'provisioned' | 'rejected' | 'connected' | 'channel-closed';
  readonly cause?: string;
  readonly imsi?: string;
}

export const initialAttachChannels = {
  message: diagnosticsChannel.channel('ciotsec:sn:initial-attach:message'),
  outcome: diagnosticsChannel.channel('ciotsec:sn:initial-attach:outcome'),
} as const;

export const initialAttachEvents = {
  message(e: MessageEvent): void {
    if (initialAttachChannels.message.hasSubscribers) initialAttachChannels.message.publish(e);
  },
  outcome(e: OutcomeEvent): void {
    if (initialAttachChannels.outcome.hasSubscribers) initialAttachChannels.outcome.publish(e);
  },
} as const;

import diagnosticsChannel from 'node:diagnostics_channel';

export interface UuidAuthzEvent {
  readonly procedure: 'registered' | 'authorised' | 'refused' | 'acknowledged';
  readonly uuid?: string;
  readonly peer: string;
  readonly cause?: string;
}

export const uuidAuthzChannels = {
  procedure: diagnosticsChannel.channel('ciotsec:uuid-authz:procedure'),
} as const;

export const uuidAuthzEvents = {
  procedure(e: UuidAuthzEvent): void {
    if (uuidAuthzChannels.procedure.hasSubscribers) uuidAuthzChannels.procedure.publish(e);
  },
} as const;

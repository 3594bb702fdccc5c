import diagnosticsChannel from 'node:diagnostics_channel';

/** diagnostics_channel events of the HSS. Payloads never carry key material. */
export const hssChannels = {
  vectorsGenerated: diagnosticsChannel.channel('ciotsec:hss:vectors-generated'),
  resync: diagnosticsChannel.channel('ciotsec:hss:resync'),
} as const;

export interface VectorsGeneratedEvent {
  readonly imsi: string;
  readonly count: number;
  readonly firstSqn: number;
  readonly lastSqn: number;
}

export interface ResyncEvent {
  readonly imsi: string;
  readonly outcome: 'accepted' | 'mac-s-failure';
  readonly sqnMs: number | undefined;
  readonly sqnHeBefore: number | undefined;
  readonly sqnHeAfter: number | undefined;
}

export const hssEvents = {
  vectorsGenerated(e: VectorsGeneratedEvent): void {
    if (hssChannels.vectorsGenerated.hasSubscribers) hssChannels.vectorsGenerated.publish(e);
  },
  resync(e: ResyncEvent): void {
    if (hssChannels.resync.hasSubscribers) hssChannels.resync.publish(e);
  },
} as const;

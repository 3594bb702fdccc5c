import diagnosticsChannel from 'node:diagnostics_channel';

/** diagnostics_channel events of the HSS. Payloads never carry key material. */
export const hssChannels = {
  vectorsGenerated: diagnosticsChannel.channel('ciotsec:hss:vectors-generated'),
  resync: diagnosticsChannel.channel('ciotsec:hss:resync'),
  e2mPushed: diagnosticsChannel.channel('ciotsec:hss:e2m-pushed'),
} as const;

export interface E2mPushedEvent {
  readonly imsi: string;
  readonly keyId: string;
  readonly attempts: number;
  readonly outcome: 'acked' | 'retry';
}

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
  e2mPushed(e: E2mPushedEvent): void {
    if (hssChannels.e2mPushed.hasSubscribers) hssChannels.e2mPushed.publish(e);
  },
} as const;

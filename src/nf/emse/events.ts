import diagnosticsChannel from 'node:diagnostics_channel';

/** diagnostics_channel events of the EMSE. Payloads carry identities and outcomes, never keys. */
export const emseChannels = {
  pskLookup: diagnosticsChannel.channel('ciotsec:emse:psk-lookup'),
  coap: diagnosticsChannel.channel('ciotsec:emse:coap'),
  tlsSession: diagnosticsChannel.channel('ciotsec:emse:tls-session'),
} as const;

export interface PskLookupEvent {
  readonly transport: 'dtls' | 'tls';
  readonly ueId: string | undefined;
  readonly keyId: string | undefined;
  readonly form: 'full' | 'compact' | 'invalid';
  readonly outcome: 'found' | 'unknown' | 'unresolved-compact' | 'invalid' | 'error';
}
export interface CoapEvent {
  readonly transport: 'dtls' | 'tls';
  readonly peer: string;
  readonly ueId: string;
  readonly method: string;
  readonly path: string;
  readonly code: string;
}

export const emseEvents = {
  pskLookup(e: PskLookupEvent): void {
    if (emseChannels.pskLookup.hasSubscribers) emseChannels.pskLookup.publish(e);
  },
  coap(e: CoapEvent): void {
    if (emseChannels.coap.hasSubscribers) emseChannels.coap.publish(e);
  },
  tlsSession(e: { peer: string; ueId: string; protocol: string; cipher: string }): void {
    if (emseChannels.tlsSession.hasSubscribers) emseChannels.tlsSession.publish(e);
  },
} as const;

import diagnosticsChannel from 'node:diagnostics_channel';

/** diagnostics_channel events of the DTLS layer. Payloads carry identities and alerts, never keys. */
export const dtlsChannels = {
  handshake: diagnosticsChannel.channel('ciotsec:dtls:handshake'),
  alert: diagnosticsChannel.channel('ciotsec:dtls:alert'),
  closed: diagnosticsChannel.channel('ciotsec:dtls:closed'),
  dropped: diagnosticsChannel.channel('ciotsec:dtls:dropped'),
} as const;

export interface HandshakeEvent {
  readonly role: 'client' | 'server';
  readonly peer: string;
  readonly pskIdentity: string;
  readonly cipherSuite: string;
  readonly extendedMasterSecret: boolean;
}
export interface AlertEvent {
  readonly role: 'client' | 'server';
  readonly peer: string;
  readonly alert: string;
  readonly sent: boolean;
  readonly fatal: boolean;
}
export interface ClosedEvent {
  readonly role: 'client' | 'server';
  readonly peer: string;
  readonly reason: string;
}
/** A datagram the server did not take: over a bound, or refused by the stateless front. */
export interface DroppedEvent {
  readonly peer: string;
  readonly reason: 'max-half-open' | 'max-sessions' | 'not-a-hello-or-bad-cookie';
}

export const dtlsEvents = {
  handshake(e: HandshakeEvent): void {
    if (dtlsChannels.handshake.hasSubscribers) dtlsChannels.handshake.publish(e);
  },
  alert(e: AlertEvent): void {
    if (dtlsChannels.alert.hasSubscribers) dtlsChannels.alert.publish(e);
  },
  closed(e: ClosedEvent): void {
    if (dtlsChannels.closed.hasSubscribers) dtlsChannels.closed.publish(e);
  },
  dropped(e: DroppedEvent): void {
    if (dtlsChannels.dropped.hasSubscribers) dtlsChannels.dropped.publish(e);
  },
} as const;

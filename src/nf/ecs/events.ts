import diagnosticsChannel from 'node:diagnostics_channel';

/** diagnostics_channel events of the ECS. Payloads never carry tokens, secrets or keys. */
export const ecsChannels = {
  registered: diagnosticsChannel.channel('ciotsec:ecs:registered'),
  updated: diagnosticsChannel.channel('ciotsec:ecs:updated'),
  deregistered: diagnosticsChannel.channel('ciotsec:ecs:deregistered'),
  refused: diagnosticsChannel.channel('ciotsec:ecs:refused'),
} as const;

export const ecsEvents = {
  registered(e: {
    registrationId: string;
    eesId: string;
    clientId: string;
    certSerial: string;
    certSource: string;
  }): void {
    if (ecsChannels.registered.hasSubscribers) ecsChannels.registered.publish(e);
  },
  updated(e: { registrationId: string; eesId: string; operation: 'PUT' | 'PATCH' }): void {
    if (ecsChannels.updated.hasSubscribers) ecsChannels.updated.publish(e);
  },
  deregistered(e: { registrationId: string; eesId: string; reason: 'explicit' | 'expired' }): void {
    if (ecsChannels.deregistered.hasSubscribers) ecsChannels.deregistered.publish(e);
  },
  refused(e: { operation: string; code: string }): void {
    if (ecsChannels.refused.hasSubscribers) ecsChannels.refused.publish(e);
  },
} as const;

export { startSnServer, type SnOptions, type SnServer } from './server.js';
export { snChannels, type AttachOutcome } from './events.js';
export {
  startInitialAttachServer,
  initialAttachChannels,
  type InitialAttachOptions,
  type InitialAttachServer,
  type SnDeviceCredentials,
  type MessageEvent,
} from './initial-attach/index.js';
export { uuidAuthzClient, type AuthzPort } from './clients/uuid-authz.js';
export { hssProvisioner, type HssProvisioner } from './clients/hss-provisioning.js';

export {
  startInitialAttachServer,
  type InitialAttachOptions,
  type InitialAttachServer,
} from './udp-server.js';
export {
  authenticateTre,
  snCredentials,
  allocateCx,
  TreAuthenticationError,
  type SnDeviceCredentials,
} from './procedure.js';
export { initialAttachChannels, type MessageEvent, type OutcomeEvent } from './events.js';

export { UeSimulator, AttachRejectedError, type AttachResult, type UeOptions } from './ue.js';
export { EmseClient, CoapTimeoutError, type EmseClientOptions, type CoapReply } from './emse-client.js';
export {
  provisionOverUdp,
  sendChannelData,
  InitialAttachRejectedError,
  InitialAttachTimeoutError,
  type ProvisionOptions,
  type ProvisionResult,
} from './provision.js';

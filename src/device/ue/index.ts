export { UeSimulator, AttachRejectedError, type AttachResult, type UeOptions } from './ue.js';
export {
  provisionOverUdp,
  sendChannelData,
  InitialAttachRejectedError,
  InitialAttachTimeoutError,
  type ProvisionOptions,
  type ProvisionResult,
} from './provision.js';

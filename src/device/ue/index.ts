export { UeSimulator, AttachRejectedError, type AttachResult, type UeOptions } from './ue.js';

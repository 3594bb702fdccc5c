export { EmksKeyClient, type EmksKeyClientOptions } from './key-client.js';

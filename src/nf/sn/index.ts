export { startSnServer, type SnOptions, type SnServer } from './server.js';
export { snChannels, type AttachOutcome } from './events.js';

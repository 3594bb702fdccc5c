export { startUuidAuthzServer, type UuidAuthzOptions, type UuidAuthzServer } from './server.js';
export { memoryUuidStore, type UuidStore, type UuidRecord } from './store.js';
export { uuidAuthzChannels, type UuidAuthzEvent } from './events.js';

export { EmksKeyClient, type EmksKeyClientOptions } from './key-client.js';
export { startEmseServer, type EmseServer, type EmseOverrides, EMSE_TLS_CIPHERS } from './server.js';
export { emseServerConfigSchema, EMSE_ENV, type EmseServerConfig } from './server-config.js';
export { PskResolver, type KeySource, type ResolvedPskIdentity } from './procedures/resolve-psk.js';
export { peekTlsPskIdentity, type TlsPskPeek } from './procedures/peek-tls-psk-identity.js';
export { MeasurementLog, type Measurement } from './measurement-log.js';
export { emseChannels } from './events.js';

export { startEmksServer, type EmksServer } from './server.js';
export { emksServerConfigSchema, EMKS_ENV, type EmksServerConfig } from './server-config.js';
export { registerEmksRoutes, EMKS_BASE, type EmksAuthorization } from './api/routes.js';
export { SqliteEmksStore } from './store/sqlite-emks-store.js';
export { PgEmksStore } from './store/pg-emks-store.js';
export type {
  EmksStore,
  AuditRecord,
  EmseSession,
  StoredE2mIntKey,
  Subscription,
} from './store/emks-store.js';
export type { EmksContext } from './context.js';
export type { E2mKeyRelease } from './procedures/emse-session.js';
export { emksChannels } from './events.js';

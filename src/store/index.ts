export {
  SubscriberNotFoundError,
  SubscriberExistsError,
  validateImsi,
  type Subscriber,
  type NewSubscriber,
  type SubscriberProfile,
  type SubscriberStore,
  type E2mOutbox,
  type E2mOutboxEntry,
  type E2mOutboxItem,
  type SqnUpdate,
} from './subscriber-store.js';
export { Sealer, UnsealError } from './sealed.js';
export { SqliteSubscriberStore } from './sqlite/subscriber-store.js';
export { openSqlite } from './sqlite/open.js';
export {
  openSqliteDriver,
  defaultSqliteDriver,
  availableSqliteDrivers,
  type SqliteDb,
  type SqliteDriverName,
} from './sqlite/driver.js';
export { PgSubscriberStore } from './postgres/subscriber-store.js';
export { createPgPool, migratePg } from './postgres/pool.js';

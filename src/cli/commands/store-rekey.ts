import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHex } from '../../crypto/bytes.js';
import { SecretKey } from '../../crypto/secret-key.js';
import { ConfigError } from '../../errors/base.js';
import { loadConfig } from '../../config/load.js';
import { resolveMasterKey } from '../../config/master-key.js';
import { hssServerConfigSchema, HSS_ENV, type HssServerConfig } from '../../nf/hss/index.js';
import {
  emksServerConfigSchema,
  EMKS_ENV,
  PgEmksStore,
  SqliteEmksStore,
  type EmksServerConfig,
} from '../../nf/emks/index.js';
import { PgSubscriberStore } from '../../store/postgres/subscriber-store.js';
import { SqliteSubscriberStore } from '../../store/sqlite/subscriber-store.js';
import { parse, requireString } from '../args.js';
import { printResult, type CliIo } from '../io.js';
import type { Command } from '../command.js';
import { UsageError } from '../errors.js';

export const storeRekeyCommand: Command = {
  name: 'store rekey',
  summary: 'Rotate the master key that seals keys at rest (function stopped)',
  help: `Usage: ciotsec store rekey --function hss|emks [--config FILE] [--json]

Re-seals every key the function's store holds (K, OPc, pending e2m_int_keys; or the EMKS's
e2m_int_keys) under a new master key, in one transaction: either all values move to the new key or
none. Run it with the function stopped, then start the function with the new key.

The current key: CIOTSEC_MASTER_KEY, else <dataDir>/master.key. The new key: CIOTSEC_NEW_MASTER_KEY
(64 hex digits). Functions that share a key (by default the HSS and the EMKS share
<dataDir>/master.key) must all be re-keyed with the same old and new key; only the last call should
pass --update-key-file, which then replaces <dataDir>/master.key after its transaction commits. The
store (SQLite file or PostgreSQL) comes from the same configuration as 'ciotsec serve'.

Options:
  --function F   hss or emks
  --config FILE  the function's JSON configuration
  --update-key-file  write the new key to <dataDir>/master.key afterwards (last function only)
  --json         one JSON object
  -h, --help     this help`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, {
      function: { type: 'string' },
      config: { type: 'string' },
      'update-key-file': { type: 'boolean' },
    });
    const fn = requireString(values, 'function');
    if (fn !== 'hss' && fn !== 'emks') throw new UsageError('--function must be hss or emks');
    const rawNew = process.env['CIOTSEC_NEW_MASTER_KEY'];
    if (rawNew === undefined || rawNew === '')
      throw new ConfigError('CIOTSEC_NEW_MASTER_KEY', 'must be set to the new key (64 hex digits)');
    let newKey: SecretKey;
    try {
      newKey = SecretKey.from(fromHex(rawNew, 'CIOTSEC_NEW_MASTER_KEY', 32));
    } catch {
      throw new ConfigError('CIOTSEC_NEW_MASTER_KEY', 'must be 64 hex digits');
    }
    const file = values.config as string | undefined;
    const cfg =
      fn === 'hss'
        ? loadConfig<HssServerConfig>(hssServerConfigSchema, { file, env: process.env, bindings: HSS_ENV })
        : loadConfig<EmksServerConfig>(emksServerConfigSchema, {
            file,
            env: process.env,
            bindings: EMKS_ENV,
          });
    const keyFile = join(cfg.dataDir, 'master.key');
    if (process.env['CIOTSEC_MASTER_KEY'] === undefined && !existsSync(keyFile)) {
      throw new ConfigError(
        'CIOTSEC_MASTER_KEY',
        `no current master key (neither the variable nor ${keyFile})`,
      );
    }
    const current = resolveMasterKey(process.env, keyFile);
    const pg = cfg.store.postgres;
    const store =
      fn === 'hss'
        ? pg !== null
          ? await PgSubscriberStore.open(pg, current.key, cfg.store.schema)
          : SqliteSubscriberStore.open(cfg.store.sqlite, current.key)
        : pg !== null
          ? await PgEmksStore.open(pg, current.key, cfg.store.schema)
          : SqliteEmksStore.open(cfg.store.sqlite, current.key);
    let count: number;
    try {
      count = await store.rekey(newKey);
    } finally {
      await store.close();
    }
    let keyFileUpdated = false;
    if (values['update-key-file'] === true) {
      const tmp = `${keyFile}.new`;
      writeFileSync(tmp, `${newKey.export().toString('hex')}\n`, { mode: 0o600 });
      renameSync(tmp, keyFile);
      keyFileUpdated = true;
    }
    printResult(io, values.json === true, {
      function: fn,
      resealed: count,
      old_key: current.key.fingerprint,
      new_key: newKey.fingerprint,
      key_file_updated: keyFileUpdated,
    });
    return 0;
  },
};

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fromHex } from '../crypto/bytes.js';
import { SecretKey } from '../crypto/secret-key.js';
import { ConfigError } from '../errors/base.js';
import { masterKeyFromEnv } from './secrets.js';

/**
 * The master key that seals keys at rest (D-006): CIOTSEC_MASTER_KEY when set; otherwise a key file
 * (64 hex digits, mode 0600), created on first use so that the embedded defaults work out of the box.
 */
export function resolveMasterKey(
  env: NodeJS.ProcessEnv,
  keyFile: string,
): { key: SecretKey; source: string } {
  const fromEnv = masterKeyFromEnv(env);
  if (fromEnv !== undefined) return { key: fromEnv, source: 'CIOTSEC_MASTER_KEY' };
  if (existsSync(keyFile)) {
    try {
      return {
        key: SecretKey.from(fromHex(readFileSync(keyFile, 'utf8').trim(), keyFile, 32)),
        source: keyFile,
      };
    } catch {
      throw new ConfigError('masterKeyFile', `${keyFile} must hold 64 hex digits`);
    }
  }
  mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(keyFile, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  return { key: SecretKey.from(key), source: `${keyFile} (created)` };
}

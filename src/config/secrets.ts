import { fromHex } from '../crypto/bytes.js';
import { SecretKey } from '../crypto/secret-key.js';
import { ConfigError } from '../errors/base.js';

/** CIOTSEC_MASTER_KEY: 32 bytes as 64 hex digits; undefined when not set. */
export function masterKeyFromEnv(env: NodeJS.ProcessEnv): SecretKey | undefined {
  const v = env['CIOTSEC_MASTER_KEY'];
  if (v === undefined || v === '') return undefined;
  try {
    return SecretKey.from(fromHex(v, 'CIOTSEC_MASTER_KEY', 32));
  } catch {
    throw new ConfigError('CIOTSEC_MASTER_KEY', 'must be 64 hex digits (32 bytes)');
  }
}

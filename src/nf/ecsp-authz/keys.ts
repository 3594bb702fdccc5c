import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../../errors/base.js';

/**
 * The authorization server's ES256 signing key: PKCS#8 PEM (mode 0600) and its SPKI PEM beside it
 * (`<file>.pub`), created on first use. The ECS is configured with the public half only.
 */
export function loadOrCreateSigningKey(file: string): { privateKey: KeyObject; publicKey: KeyObject } {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    writeFileSync(`${file}.pub`, publicKey.export({ type: 'spki', format: 'pem' }));
    return { privateKey, publicKey };
  }
  try {
    const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
    if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
      throw new Error('not a P-256 key');
    return { privateKey, publicKey: createPublicKey(privateKey) };
  } catch (cause) {
    throw new ConfigError(
      'authz.signingKey',
      `${file} must hold a P-256 private key in PEM: ${(cause as Error).message}`,
    );
  }
}

/** The issuer's public key (SPKI PEM) the ECS verifies access tokens with. */
export function loadVerificationKey(file: string): KeyObject {
  try {
    const k = createPublicKey(readFileSync(file, 'utf8'));
    if (k.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('not a P-256 key');
    return k;
  } catch (cause) {
    throw new ConfigError('onboarding.tokenKey', `${file}: ${(cause as Error).message}`);
  }
}

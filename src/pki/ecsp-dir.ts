import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCa, issueNfCertificate, type PemPair } from './ca.js';
import { PkiError } from './pki-dir.js';

/**
 * The Edge Computing Service Provider's trust domain (seed 002), apart from the operator NF CA:
 *   <dir>/ca.crt, ca.key            the ECSP CA: signs the ECS's and the authorization server's TLS
 *                                   certificates and every EES certificate the ECS issues
 *   <dir>/<fn>.crt, <fn>.key        TLS server certificates of `ecs` and `authz`
 * Created on first use, so that `ciotsec serve ecs` works from a fresh clone.
 */
export const ECSP_FUNCTIONS = ['ecs', 'authz'] as const;
export type EcspFunction = (typeof ECSP_FUNCTIONS)[number];

export async function initEcspDir(
  dir: string,
  opts: { dnsNames?: string[]; ipAddresses?: string[] } = {},
): Promise<{ ca: PemPair; caFile: string }> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caFile = join(dir, 'ca.crt');
  const caKeyFile = join(dir, 'ca.key');
  let ca: PemPair;
  if (existsSync(caFile) && existsSync(caKeyFile)) {
    ca = { certPem: readFileSync(caFile, 'utf8'), keyPem: readFileSync(caKeyFile, 'utf8') };
  } else {
    ca = await createCa('ciotsec ECSP CA');
    writeFileSync(caKeyFile, ca.keyPem, { mode: 0o600 });
    writeFileSync(caFile, ca.certPem);
  }
  for (const fn of ECSP_FUNCTIONS) {
    if (existsSync(join(dir, `${fn}.crt`))) continue;
    const pair = await issueNfCertificate(ca, {
      nf: { type: fn, instance: fn },
      ...(opts.dnsNames !== undefined ? { dnsNames: opts.dnsNames } : {}),
      ...(opts.ipAddresses !== undefined ? { ipAddresses: opts.ipAddresses } : {}),
    });
    writeFileSync(join(dir, `${fn}.key`), pair.keyPem, { mode: 0o600 });
    writeFileSync(join(dir, `${fn}.crt`), pair.certPem);
  }
  return { ca, caFile };
}

export function loadEcspCa(dir: string): PemPair {
  try {
    return {
      certPem: readFileSync(join(dir, 'ca.crt'), 'utf8'),
      keyPem: readFileSync(join(dir, 'ca.key'), 'utf8'),
    };
  } catch (cause) {
    throw new PkiError(`cannot read the ECSP CA in ${dir}`, { cause });
  }
}

/** TLS server material of an ECSP function: its certificate and key, and the ECSP CA. */
export function ecspServerTls(dir: string, fn: EcspFunction): { cert: string; key: string; ca: string } {
  try {
    return {
      cert: readFileSync(join(dir, `${fn}.crt`), 'utf8'),
      key: readFileSync(join(dir, `${fn}.key`), 'utf8'),
      ca: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    };
  } catch (cause) {
    throw new PkiError(`cannot read the ${fn} TLS files in ${dir}`, { cause });
  }
}

import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CiotsecError } from '../errors/base.js';
import { createCa, issueNfCertificate, type PemPair } from './ca.js';
import { nfIdString, type NfIdentity } from './identity.js';

/**
 * The on-disk layout of `ciotsec pki init`:
 *   <dir>/ca.crt, <dir>/ca.key                 the operator NF CA (key mode 0600)
 *   <dir>/<type>-<instance>.crt / .key         one pair per network function
 */
export interface TlsFiles {
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
}

export class PkiError extends CiotsecError {
  readonly code = 'ERR_PKI';
  override readonly name = 'PkiError';
}

export function nfFiles(dir: string, nf: NfIdentity): TlsFiles {
  const base = `${nf.type}-${nf.instance}`;
  return { cert: join(dir, `${base}.crt`), key: join(dir, `${base}.key`), ca: join(dir, 'ca.crt') };
}

function writeSecret(path: string, data: string): void {
  writeFileSync(path, data, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export async function initPki(
  dir: string,
  nfs: readonly NfIdentity[],
  opts: { force?: boolean; dnsNames?: string[]; ipAddresses?: string[] } = {},
): Promise<{ ca: string; issued: { nf: string; cert: string; key: string }[] }> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caCert = join(dir, 'ca.crt');
  const caKey = join(dir, 'ca.key');
  let ca: PemPair;
  if (existsSync(caCert) && existsSync(caKey)) {
    ca = { certPem: readFileSync(caCert, 'utf8'), keyPem: readFileSync(caKey, 'utf8') };
  } else {
    ca = await createCa('ciotsec operator NF CA');
    writeSecret(caKey, ca.keyPem);
    writeFileSync(caCert, ca.certPem);
  }
  const issued: { nf: string; cert: string; key: string }[] = [];
  for (const nf of nfs) {
    const files = nfFiles(dir, nf);
    if (existsSync(files.cert) && opts.force !== true) {
      throw new PkiError(`${files.cert} exists; use --force to replace it`);
    }
    const pair = await issueNfCertificate(ca, {
      nf,
      ...(opts.dnsNames !== undefined ? { dnsNames: opts.dnsNames } : {}),
      ...(opts.ipAddresses !== undefined ? { ipAddresses: opts.ipAddresses } : {}),
    });
    writeSecret(files.key, pair.keyPem);
    writeFileSync(files.cert, pair.certPem);
    issued.push({ nf: nfIdString(nf), cert: files.cert, key: files.key });
  }
  return { ca: caCert, issued };
}

export function loadTls(files: TlsFiles): { cert: string; key: string; ca: string } {
  try {
    return {
      cert: readFileSync(files.cert, 'utf8'),
      key: readFileSync(files.key, 'utf8'),
      ca: readFileSync(files.ca, 'utf8'),
    };
  } catch (cause) {
    throw new PkiError(`cannot read TLS files (${files.cert}): run 'ciotsec pki init' first`, { cause });
  }
}

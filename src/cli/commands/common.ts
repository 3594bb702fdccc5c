import { loadTls, nfFiles } from '../../pki/pki-dir.js';
import { parseNfSpec } from '../../pki/identity.js';
import { SbiClient } from '../../sbi/client.js';

type Values = Record<string, string | boolean | string[] | undefined>;

export const CLIENT_OPTIONS = {
  'pki-dir': { type: 'string' },
  as: { type: 'string' },
} as const;

export function pkiDirOf(values: Values): string {
  return (
    (values['dir'] as string | undefined) ??
    (values['pki-dir'] as string | undefined) ??
    process.env['CIOTSEC_PKI_DIR'] ??
    'ciotsec-data/pki'
  );
}

/** An SBI client acting as the OAM function (or --as TYPE[:INSTANCE]) towards `url`. */
export function oamClient(values: Values, url: string, expectPeerType?: string): SbiClient {
  const who = parseNfSpec((values['as'] as string | undefined) ?? 'oam');
  return new SbiClient({
    baseUrl: url,
    tls: loadTls(nfFiles(pkiDirOf(values), who)),
    timeoutMs: 10_000,
    ...(expectPeerType !== undefined ? { expectPeerType } : {}),
  });
}

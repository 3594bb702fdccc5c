import { initPki } from '../../pki/pki-dir.js';
import { parseNfSpec } from '../../pki/identity.js';
import { parse } from '../args.js';
import type { CliIo } from '../io.js';
import type { Command } from '../command.js';
import { pkiDirOf } from './common.js';

const DEFAULT_NFS = ['hss', 'emks', 'sn', 'oam', 'emse:emse-1'];

export const pkiInitCommand: Command = {
  name: 'pki init',
  summary: 'Create the operator NF CA and per-function certificates (ECDSA P-256)',
  help: `Usage: ciotsec pki init [--dir DIR] [--nf TYPE[:INSTANCE]]... [--force] [--json]

Creates DIR/ca.crt and DIR/ca.key (reused when present) and, per network function, DIR/<type>-<instance>.crt
and .key (keys mode 0600). Certificates carry the identity as SAN URI urn:ciotsec:nf:<type>:<instance>
plus DNS localhost and IP 127.0.0.1, and are valid for TLS server and client authentication.

Options:
  --dir DIR     PKI directory (default: $CIOTSEC_PKI_DIR or ciotsec-data/pki)
  --nf SPEC     a function to certify, repeatable (default: ${DEFAULT_NFS.join(', ')})
  --force       replace existing function certificates
  --json        one JSON object
  -h, --help    this help`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, {
      dir: { type: 'string' },
      nf: { type: 'string', multiple: true },
      force: { type: 'boolean' },
    });
    const dir = pkiDirOf(values);
    const specs = (values.nf as string[] | undefined) ?? DEFAULT_NFS;
    const r = await initPki(dir, specs.map(parseNfSpec), { force: values.force === true });
    if (values.json === true) io.out(JSON.stringify(r));
    else {
      io.out(`CA: ${r.ca}`);
      for (const i of r.issued) io.out(`${i.nf.padEnd(16)} ${i.cert}`);
    }
    return 0;
  },
};

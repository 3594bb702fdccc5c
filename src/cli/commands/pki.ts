import { join } from 'node:path';
import { initPki } from '../../pki/pki-dir.js';
import { createDevicePki, devicePkiExists, writeDevicePki } from '../../pki/device-pki.js';
import { isCurveName } from '../../crypto/ec-curves.js';
import { InvalidInputError } from '../../errors/base.js';
import { parseNfSpec } from '../../pki/identity.js';
import { parse } from '../args.js';
import type { CliIo } from '../io.js';
import type { Command } from '../command.js';
import { pkiDirOf } from './common.js';

const DEFAULT_NFS = ['hss', 'emks', 'sn', 'oam', 'emse:emse-1', 'uuid-authz', 'sp'];

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
  --curve NAME  curve of the seed 004 device PKI in DIR/device (P-256 | brainpoolP256r1; default P-256):
                CI root, a TRE maker's PN, the serving network's ECKA and ECDSA certificates
  --json        one JSON object
  -h, --help    this help`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, {
      dir: { type: 'string' },
      nf: { type: 'string', multiple: true },
      force: { type: 'boolean' },
      curve: { type: 'string' },
    });
    const curve = (values.curve as string | undefined) ?? 'P-256';
    if (!isCurveName(curve)) throw new InvalidInputError('--curve', 'must be P-256 or brainpoolP256r1');
    const dir = pkiDirOf(values);
    const specs = (values.nf as string[] | undefined) ?? DEFAULT_NFS;
    const r = await initPki(dir, specs.map(parseNfSpec), { force: values.force === true });
    const deviceDir = join(dir, 'device');
    if (!devicePkiExists(deviceDir) || values.force === true)
      writeDevicePki(deviceDir, createDevicePki(curve));
    if (values.json === true) io.out(JSON.stringify({ ...r, device: deviceDir }));
    else {
      io.out(`CA: ${r.ca}`);
      for (const i of r.issued) io.out(`${i.nf.padEnd(16)} ${i.cert}`);
    }
    return 0;
  },
};

import { parse, requireString, intOption } from '../args.js';
import { validateImsi } from '../../store/subscriber-store.js';
import { printResult, type CliIo } from '../io.js';
import type { Command } from '../command.js';
import { CLIENT_OPTIONS, oamClient } from './common.js';

const EMKS_URL = { emks: { type: 'string' } } as const;
const emksUrl = (v: Record<string, unknown>): string =>
  (v['emks'] as string | undefined) ?? process.env['CIOTSEC_EMKS_URL'] ?? 'https://127.0.0.1:7102';
const common = `  --emks URL     EMKS base URL (default: $CIOTSEC_EMKS_URL or https://127.0.0.1:7102)
  --pki-dir DIR  PKI directory (default: $CIOTSEC_PKI_DIR or ciotsec-data/pki)
  --as NF        client identity TYPE[:INSTANCE] (default: oam)
  --json         one JSON object
  -h, --help     this help`;

export const emksIdentityCommand: Command = {
  name: 'emks identity set',
  summary: 'Map an application-layer UE identity to an IMSI at the EMKS',
  help: `Usage: ciotsec emks identity set --ue-id ID --imsi DIGITS\n\nOptions:\n${common}`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, {
      ...CLIENT_OPTIONS,
      ...EMKS_URL,
      'ue-id': { type: 'string' },
      imsi: { type: 'string' },
    });
    const ueId = requireString(values, 'ue-id');
    const imsi = validateImsi(requireString(values, 'imsi'));
    const c = oamClient(values, emksUrl(values), 'emks');
    try {
      await c.json('PUT', `/nemks-prov/v1/identities/${encodeURIComponent(ueId)}`, { imsi });
      printResult(io, values.json === true, { ue_id: ueId, imsi });
    } finally {
      c.close();
    }
    return 0;
  },
};

export const emksAuthoriseCommand: Command = {
  name: 'emks authorise',
  summary: 'Set the UE identities an EMSE may fetch keys for',
  help: `Usage: ciotsec emks authorise --emse ID --ue-id ID [--ue-id ID]...

Replaces the EMSE's authorisations; '*' authorises every UE.

Options:
  --emse ID      the EMSE_Id (instance name in its certificate)
  --ue-id ID     an application-layer identity or imsi-DIGITS, repeatable
${common}`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, {
      ...CLIENT_OPTIONS,
      ...EMKS_URL,
      emse: { type: 'string' },
      'ue-id': { type: 'string', multiple: true },
    });
    const emse = requireString(values, 'emse');
    const ueIds = (values['ue-id'] as string[] | undefined) ?? [];
    if (ueIds.length === 0) requireString(values, 'ue-id');
    const c = oamClient(values, emksUrl(values), 'emks');
    try {
      await c.json('PUT', `/nemks-prov/v1/authorisations/${encodeURIComponent(emse)}`, { ueIds });
      printResult(io, values.json === true, { emse, ue_ids: ueIds.join(',') });
    } finally {
      c.close();
    }
    return 0;
  },
};

export const emksAuditCommand: Command = {
  name: 'emks audit',
  summary: 'Show the newest key releases (never keys)',
  help: `Usage: ciotsec emks audit [--limit N]\n\nOptions:\n  --limit N      records, 1..1000 (default 20)\n${common}`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, { ...CLIENT_OPTIONS, ...EMKS_URL, limit: { type: 'string' } });
    const limit = intOption(values, 'limit', 1, 1000) ?? 20;
    const c = oamClient(values, emksUrl(values), 'emks');
    try {
      const r = await c.json<{ records: Record<string, unknown>[] }>(
        'GET',
        `/nemks-prov/v1/audit?limit=${limit}`,
      );
      if (values.json === true) io.out(JSON.stringify(r.body));
      else
        for (const rec of r.body.records)
          io.out(
            `${rec['at']}  ${rec['outcome']}  emse=${rec['emseId']} ue=${rec['ueId']} key_id=${rec['keyId']}`,
          );
    } finally {
      c.close();
    }
    return 0;
  },
};

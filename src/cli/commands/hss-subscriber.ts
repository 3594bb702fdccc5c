import { hexOption, oneOf, parse, requireString, intOption } from '../args.js';
import { fromHex } from '../../crypto/bytes.js';
import { validateImsi } from '../../store/subscriber-store.js';
import { printResult, type CliIo } from '../io.js';
import type { Command } from '../command.js';
import { CLIENT_OPTIONS, oamClient } from './common.js';

const HSS_URL = { hss: { type: 'string' } } as const;
const hssUrl = (v: Record<string, unknown>): string =>
  (v['hss'] as string | undefined) ?? process.env['CIOTSEC_HSS_URL'] ?? 'https://127.0.0.1:7101';
const common = `  --hss URL      HSS base URL (default: $CIOTSEC_HSS_URL or https://127.0.0.1:7101)
  --pki-dir DIR  PKI directory (default: $CIOTSEC_PKI_DIR or ciotsec-data/pki)
  --as NF        client identity TYPE[:INSTANCE] (default: oam)
  --json         one JSON object
  -h, --help     this help`;

type View = {
  imsi: string;
  amf: string;
  sqn: number;
  profile: { e2m: boolean; e2e: boolean };
  kFingerprint: string;
  opcFingerprint: string;
};
const flat = (v: View) => ({
  imsi: v.imsi,
  amf: v.amf,
  sqn: v.sqn,
  e2m: v.profile.e2m,
  e2e: v.profile.e2e,
  k_fp: v.kFingerprint,
  opc_fp: v.opcFingerprint,
});

export const hssSubscriberAddCommand: Command = {
  name: 'hss subscriber add',
  summary: 'Provision a subscriber at a running HSS (K/OPc never printed)',
  help: `Usage: ciotsec hss subscriber add --imsi DIGITS --k HEX (--op HEX | --opc HEX) [--amf HEX] [--sqn N] [--e2m] [--e2e]

Options:
  --imsi DIGITS  6 to 15 digits
  --k HEX        K, 16 bytes;  --op HEX | --opc HEX  OP or OPc, 16 bytes
  --amf HEX      default AMF, 2 bytes (default 8000)
  --sqn N        initial SQN_HE (default 0)
  --e2m          the profile asks for e2m security (seed 001): e2m_int_key pushed to the EMKS
  --e2e          the profile asks for end-to-enterprise keys (seed 003)
${common}`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, {
      ...CLIENT_OPTIONS,
      ...HSS_URL,
      imsi: { type: 'string' },
      k: { type: 'string' },
      op: { type: 'string' },
      opc: { type: 'string' },
      amf: { type: 'string' },
      sqn: { type: 'string' },
      e2m: { type: 'boolean' },
      e2e: { type: 'boolean' },
    });
    const imsi = validateImsi(requireString(values, 'imsi'));
    const k = hexOption(values, 'k', 16);
    const which = oneOf(values, 'op', 'opc');
    const opv = fromHex(which.value, `--${which.name}`, 16);
    const amf = typeof values.amf === 'string' ? hexOption(values, 'amf', 2).toString('hex') : undefined;
    const sqn = intOption(values, 'sqn', 0, 2 ** 48 - 1);
    const c = oamClient(values, hssUrl(values), 'hss');
    try {
      const r = await c.json<View>('POST', '/hss-prov/v1/subscribers', {
        imsi,
        k: k.toString('hex'),
        [which.name]: opv.toString('hex'),
        ...(amf !== undefined ? { amf } : {}),
        ...(sqn !== undefined ? { sqn } : {}),
        profile: { e2m: values.e2m === true, e2e: values.e2e === true },
      });
      printResult(io, values.json === true, flat(r.body));
    } finally {
      c.close();
    }
    return 0;
  },
};

export const hssSubscriberShowCommand: Command = {
  name: 'hss subscriber show',
  summary: 'Show a subscriber (fingerprints of K/OPc only)',
  help: `Usage: ciotsec hss subscriber show --imsi DIGITS\n\nOptions:\n${common}`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, { ...CLIENT_OPTIONS, ...HSS_URL, imsi: { type: 'string' } });
    const imsi = validateImsi(requireString(values, 'imsi'));
    const c = oamClient(values, hssUrl(values), 'hss');
    try {
      printResult(
        io,
        values.json === true,
        flat((await c.json<View>('GET', `/hss-prov/v1/subscribers/${imsi}`)).body),
      );
    } finally {
      c.close();
    }
    return 0;
  },
};

export const hssSubscriberRemoveCommand: Command = {
  name: 'hss subscriber remove',
  summary: 'Remove a subscriber',
  help: `Usage: ciotsec hss subscriber remove --imsi DIGITS\n\nOptions:\n${common}`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, { ...CLIENT_OPTIONS, ...HSS_URL, imsi: { type: 'string' } });
    const imsi = validateImsi(requireString(values, 'imsi'));
    const c = oamClient(values, hssUrl(values), 'hss');
    try {
      await c.json('DELETE', `/hss-prov/v1/subscribers/${imsi}`);
      printResult(io, values.json === true, { imsi, removed: true });
    } finally {
      c.close();
    }
    return 0;
  },
};

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { isCurveName } from '../../crypto/ec-curves.js';
import { CIPHERS, type CipherName } from '../../crypto/initial-attach-keys.js';
import { TreSimulator } from '../../device/tre/index.js';
import { provisionOverUdp, UeSimulator } from '../../device/ue/index.js';
import { UsimSimulator } from '../../device/usim/index.js';
import { InvalidInputError } from '../../errors/base.js';
import { formatUuid, parseUuid } from '../../initial-attach/uuid-ue.js';
import { loadDevicePki } from '../../pki/device-pki.js';
import { intOption, parse, requireString } from '../args.js';
import type { CliIo } from '../io.js';
import type { Command } from '../command.js';
import { CLIENT_OPTIONS, oamClient, pkiDirOf } from './common.js';

export const DEFAULT_AUTHZ_FQDN = 'authz.ciotsec.test';

/** `<pki>/device`: the seed 004 PKI that `ciotsec pki init` creates (CI, PN, SN ECKA/ECDSA). */
export function devicePkiDirOf(values: Record<string, unknown>): string {
  return (
    (values['device-pki'] as string | undefined) ??
    join(pkiDirOf(values as Record<string, string | undefined>), 'device')
  );
}

export const spRegisterUuidCommand: Command = {
  name: 'sp register-uuid',
  summary: 'As the Service Provider, register a UUID_UE at the Authorization Server (seed 004 step 0-b)',
  help: `Usage: ciotsec sp register-uuid [--uuid UUID] [--tre-binding HEX] [--authz-url URL] [--pki-dir DIR] [--json]

Registers UUID_UE (a new random RFC 9562 UUID when --uuid is not given, printed) at the Authorization
Server over mutual TLS as the 'sp' function. --tre-binding (64 hex digits, SHA-256 of CERT.TRE's
SubjectPublicKeyInfo) binds a TRE-generated UUID to its TRE (docs/decisions.md D-031).

Options:
  --uuid UUID          the UUID to register (default: a new random one)
  --tre-binding HEX    TRE binding for a TRE-generated UUID
  --authz-url URL      Authorization Server (default: $CIOTSEC_AUTHZ_URL or https://127.0.0.1:7104)
  --pki-dir DIR        PKI directory (default: $CIOTSEC_PKI_DIR or ciotsec-data/pki)
  --as TYPE[:INST]     act as this function (default sp)
  --json               one JSON object
  -h, --help           this help`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, {
      ...CLIENT_OPTIONS,
      uuid: { type: 'string' },
      'tre-binding': { type: 'string' },
      'authz-url': { type: 'string' },
    });
    const uuid = formatUuid(parseUuid((values.uuid as string | undefined) ?? randomUUID(), '--uuid'));
    const binding = values['tre-binding'] as string | undefined;
    if (binding !== undefined && !/^[0-9a-fA-F]{64}$/.test(binding))
      throw new InvalidInputError('--tre-binding', 'must be 64 hex digits');
    const url =
      (values['authz-url'] as string | undefined) ??
      process.env['CIOTSEC_AUTHZ_URL'] ??
      'https://127.0.0.1:7104';
    const client = oamClient({ ...values, as: (values.as as string | undefined) ?? 'sp' }, url);
    try {
      await client.json('POST', '/uuid-authz/v1/uuids', {
        uuid,
        ...(binding !== undefined ? { treBinding: binding.toLowerCase() } : {}),
      });
    } finally {
      client.close();
    }
    io.out(values.json === true ? JSON.stringify({ uuid, state: 'registered' }) : uuid);
    return 0;
  },
};

export const ueProvisionCommand: Command = {
  name: 'ue provision',
  summary: 'Provision a factory-fresh device by the seed 004 initial attach, then attach with AKA',
  help: `Usage: ciotsec ue provision --uuid UUID [--authz-fqdn FQDN] [--sn-host H] [--sn-port N]
                             [--sn-aka-port N] [--cipher NAME] [--device-pki DIR] [--json]

Manufactures a TRE simulator (on-board key pair, CERT.TRE from the PN of the device PKI), runs steps 1–8
of the initial attach against the serving network over UDP, loads the delivered IMSI, K and OPc into a
USIM simulator and attaches with AKA through the serving network's AKA endpoint. Keys are printed only
as fingerprints.

Options:
  --uuid UUID          UUID_UE registered by the SP (ciotsec sp register-uuid)
  --authz-fqdn FQDN    Authorization Server FQDN (default ${DEFAULT_AUTHZ_FQDN})
  --sn-host H          serving network address (default 127.0.0.1)
  --sn-port N          initial-attach UDP port (default 7105)
  --sn-aka-port N      AKA attach TCP port (default 7103)
  --cipher NAME        ${CIPHERS.join(' | ')} (default aes128-cbc-hmac-sha256)
  --device-pki DIR     seed 004 PKI (default <pki-dir>/device)
  --pki-dir DIR        PKI directory (default: $CIOTSEC_PKI_DIR or ciotsec-data/pki)
  --json               one JSON object
  -h, --help           this help`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, {
      'pki-dir': { type: 'string' },
      'device-pki': { type: 'string' },
      uuid: { type: 'string' },
      'authz-fqdn': { type: 'string' },
      'sn-host': { type: 'string' },
      'sn-port': { type: 'string' },
      'sn-aka-port': { type: 'string' },
      cipher: { type: 'string' },
    });
    const uuid = parseUuid(requireString(values, 'uuid'), '--uuid');
    const cipher = (values.cipher as string | undefined) ?? 'aes128-cbc-hmac-sha256';
    if (!(CIPHERS as readonly string[]).includes(cipher))
      throw new InvalidInputError('--cipher', `must be one of ${CIPHERS.join(', ')}`);
    const host = (values['sn-host'] as string | undefined) ?? '127.0.0.1';
    const pki = loadDevicePki(devicePkiDirOf(values));
    if (!isCurveName(pki.curve)) throw new InvalidInputError('--device-pki', `unknown curve ${pki.curve}`);
    const tre = TreSimulator.manufacture({
      curve: pki.curve,
      cipher: cipher as CipherName,
      certCi: pki.ci.cert,
      certPn: pki.pn.cert,
      pnPrivateKey: pki.pn.key,
      serial: BigInt(Math.floor(Math.random() * 2 ** 40)),
    });
    const p = await provisionOverUdp({
      tre,
      host,
      port: intOption(values, 'sn-port', 1, 65535) ?? 7105,
      uuid,
      authzFqdn: (values['authz-fqdn'] as string | undefined) ?? DEFAULT_AUTHZ_FQDN,
    });
    const c = p.connectivity;
    const aka = await new UeSimulator({
      usim: new UsimSimulator({ imsi: c.imsi, k: c.k, opc: c.opc }),
      e2m: false,
      vectorType: 'umts',
      plmn: '00f110',
    }).attach(host, intOption(values, 'sn-aka-port', 1, 65535) ?? 7103);
    const out = {
      uuid: formatUuid(uuid),
      curve: pki.curve,
      cipher,
      imsi: c.imsi,
      k: `${c.k}`,
      opc: `${c.opc}`,
      aka: 'accepted',
      serving_key: `SecretKey(fp=${aka.servingKeyFp})`,
      message_sizes: p.sizes,
    };
    if (values.json === true) io.out(JSON.stringify(out));
    else {
      io.out(`provisioned ${out.imsi} (K ${out.k}, OPc ${out.opc}); AKA attach accepted`);
      for (const s of p.sizes) io.out(`  ${s.step.padEnd(22)} ${s.bytes} octets`);
    }
    return 0;
  },
};

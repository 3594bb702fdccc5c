import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EesRegistrationClient, onboardEes } from '../../nf/ees/index.js';
import { parse, requireString } from '../args.js';
import { UsageError } from '../errors.js';
import { printResult, type CliIo } from '../io.js';
import type { Command } from '../command.js';

const readFile = (path: string, what: string): string => {
  if (!existsSync(path)) throw new UsageError(`${what}: file not found: ${path}`);
  return readFileSync(path, 'utf8');
};

export const eesOnboardCommand: Command = {
  name: 'ees onboard',
  summary: 'Onboard an EES at an ECS (seed 002): token + profile + CSR → certificate, over TLS',
  help: `Usage: ciotsec ees onboard --ecs URL --ca FILE (--token-file FILE | --token T) --ees-id ID
                          [--endpoint URI] [--out DIR] [--third-party-cert FILE --third-party-key FILE]
                          [--deregister] [--json]

Runs the whole enrolment against a running ECS: server-authenticated TLS with the ECSP root CA, a new
P-256 key pair and PKCS#10 CSR, CreateEESRegistration with the access token; then reads the registration
back over mutual TLS with the issued certificate. Writes DIR/ees.crt, DIR/ees.key and DIR/secret-token
(0600) and DIR/registration.json. Prints no key, token or secret.

Options:
  --ecs URL                e.g. https://127.0.0.1:7201
  --ca FILE                the ECSP root CA certificate (ciotsec-data/ecsp/ca.crt)
  --token-file FILE        the onboarding access token (ciotsec token issue --out FILE)
  --token T                the token itself (visible in the process list; prefer --token-file)
  --ees-id ID              the EES identifier for its profile
  --endpoint URI           the EES end point (default https://<ees-id>.edge.example)
  --out DIR                where to keep the credentials (default ciotsec-data/ees/<ees-id>)
  --third-party-cert FILE  a certificate a third party issued to this EES, and its key
  --third-party-key FILE
  --deregister             deregister again over mutual TLS (a full round trip)
  --json                   one JSON object
  -h, --help               this help`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, {
      ecs: { type: 'string' },
      ca: { type: 'string' },
      'token-file': { type: 'string' },
      token: { type: 'string' },
      'ees-id': { type: 'string' },
      endpoint: { type: 'string' },
      out: { type: 'string' },
      'third-party-cert': { type: 'string' },
      'third-party-key': { type: 'string' },
      deregister: { type: 'boolean' },
    });
    const ecsUrl = requireString(values, 'ecs');
    if (!/^https:\/\//.test(ecsUrl)) throw new UsageError('--ecs must be an https URL');
    const rootCaPem = readFile(requireString(values, 'ca'), '--ca');
    const tokenFile = values['token-file'] as string | undefined;
    const accessToken =
      tokenFile !== undefined
        ? readFile(tokenFile, '--token-file').trim()
        : (values.token as string | undefined);
    if (accessToken === undefined) throw new UsageError('missing --token-file or --token');
    const eesId = requireString(values, 'ees-id');
    const tpCert = values['third-party-cert'] as string | undefined;
    const tpKey = values['third-party-key'] as string | undefined;
    if ((tpCert === undefined) !== (tpKey === undefined))
      throw new UsageError('give --third-party-cert and --third-party-key together');
    const ees = await onboardEes(
      { ecsUrl, rootCaPem, accessToken },
      {
        profile: {
          eesId,
          endPt: { uri: (values.endpoint as string | undefined) ?? `https://${eesId}.edge.example` },
          eecRegConf: false,
        },
        ...(tpCert !== undefined && tpKey !== undefined
          ? {
              thirdParty: {
                certPem: readFile(tpCert, '--third-party-cert'),
                keyPem: readFile(tpKey, '--third-party-key'),
              },
            }
          : {}),
      },
    );
    const dir = (values.out as string | undefined) ?? join('ciotsec-data', 'ees', eesId);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'ees.key'), ees.keyPem, { mode: 0o600 });
    writeFileSync(join(dir, 'ees.crt'), ees.certPem);
    if (ees.secretToken !== undefined)
      writeFileSync(join(dir, 'secret-token'), `${ees.secretToken}\n`, { mode: 0o600 });
    writeFileSync(
      join(dir, 'registration.json'),
      `${JSON.stringify({ ecsUrl, registrationId: ees.registrationId, location: ees.location, eesId, expTime: ees.expTime }, null, 2)}\n`,
    );
    // Seed 002 step 4: from now on the EES authenticates with its certificate.
    const client = new EesRegistrationClient(ecsUrl, rootCaPem, ees);
    const back = await client.get();
    if (values.deregister === true) await client.deregister();
    printResult(io, values.json === true, {
      registration_id: ees.registrationId,
      location: ees.location,
      ees_identity: ees.eesIdentity,
      certificate: join(dir, 'ees.crt'),
      certificate_sha256: new X509Certificate(ees.certPem).fingerprint256.replace(/:/g, '').toLowerCase(),
      secret_token_issued: ees.secretToken !== undefined,
      exp_time: String(back['expTime']),
      mutual_tls_read_back: true,
      deregistered: values.deregister === true,
    });
    return 0;
  },
};

export const eesDeregisterCommand: Command = {
  name: 'ees deregister',
  summary: 'Deregister an onboarded EES at its ECS over mutual TLS',
  help: `Usage: ciotsec ees deregister --ca FILE [--dir DIR] [--json]

DeleteIndEESReg with the EES's certificate from DIR (as written by ciotsec ees onboard). The ECS puts the
certificate on its revocation list.

Options:
  --ca FILE   the ECSP root CA certificate
  --dir DIR   the EES's credentials directory (ees.crt, ees.key, registration.json)
  --json      one JSON object
  -h, --help  this help`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, { ca: { type: 'string' }, dir: { type: 'string' } });
    const rootCaPem = readFile(requireString(values, 'ca'), '--ca');
    const dir = requireString(values, 'dir');
    const reg = JSON.parse(readFile(join(dir, 'registration.json'), '--dir')) as {
      ecsUrl: string;
      registrationId: string;
    };
    const client = new EesRegistrationClient(reg.ecsUrl, rootCaPem, {
      registrationId: reg.registrationId,
      certPem: readFile(join(dir, 'ees.crt'), '--dir'),
      keyPem: readFile(join(dir, 'ees.key'), '--dir'),
    });
    await client.deregister();
    printResult(io, values.json === true, { registration_id: reg.registrationId, deregistered: true });
    return 0;
  },
};

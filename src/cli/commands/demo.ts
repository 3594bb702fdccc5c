import { existsSync } from 'node:fs';
import { runAkaDemo } from '../scenarios/aka-demo.js';
import { UsageError } from '../errors.js';
import { runE2mDemo } from '../scenarios/e2m-demo.js';
import { runEdgeDemo } from '../scenarios/edge-demo.js';
import { runInitialAttachDemo } from '../scenarios/initial-attach.js';
import { parse } from '../args.js';
import type { CliIo } from '../io.js';
import type { Command } from '../command.js';
import { masterKeyFromEnv } from '../../config/secrets.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the device lifecycle demo on embedded defaults (SQLite)',
  help: `Usage: ciotsec demo [--db FILE] [--json]

Part 1 provisions a subscriber in an embedded SQLite HSS store, runs AKA between the USIM simulator and
the HSS core including one forced resynchronisation, and derives the seed 001 application keys.
Part 2 starts an operator network on 127.0.0.1 (PKI, HSS, EMKS, serving network, each over HTTP/2
mutual TLS), attaches a UE through the serving network, lets the HSS push e2m_int_key to the EMKS and
an EMSE fetch e2m_key, and shows that UE and EMSE hold the same key; then the UE opens DTLS-PSK
(TLS_PSK_WITH_AES_128_CCM_8) to the EMSE with that key and sends CoAP POST /measurements and
GET /status. Part 3 (seed 004) starts from a factory-fresh TRE: the SP registers its UUID_UE at the
Authorization Server, the UE runs the initial attach over UDP/CBOR, attaches with AKA using the
delivered IMSI/K/OPc, and reaches the RSMF over the conditional data channel; a table gives the size of
every message. Part 4 starts the ECSP's authorization server and an Edge Configuration Server; an EES
obtains an onboarding token, onboards (key pair, CSR, certificate from the ECSP CA), updates and
deregisters over mutual TLS (seed 002). Keys, tokens and secrets appear only as fingerprints or not at all.

Options:
  --db FILE   a new SQLite file to keep the part-1 store in (default: a temporary directory)
  --json      one JSON object
  -h, --help  this help

Environment:
  CIOTSEC_MASTER_KEY   64 hex digits: the key that seals K and OPc at rest (default: random, demo only)`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, { db: { type: 'string' } });
    if (typeof values.db === 'string' && existsSync(values.db)) {
      throw new UsageError(`--db ${values.db} exists; the demo provisions a fresh store, give a new file`);
    }
    const masterKey = masterKeyFromEnv(process.env);
    const { dbPath, steps: akaSteps } = await runAkaDemo({
      ...(typeof values.db === 'string' ? { dbPath: values.db } : {}),
      ...(masterKey !== undefined ? { masterKey } : {}),
    });
    const e2mSteps = await runE2mDemo();
    const rcp = await runInitialAttachDemo();
    const edgeSteps = await runEdgeDemo();
    const steps = [...akaSteps, ...e2mSteps, ...rcp.steps, ...edgeSteps];
    if (values.json === true) {
      io.out(JSON.stringify({ store: dbPath, steps, initialAttachMessageSizes: rcp.sizes }));
      return 0;
    }
    const print = (title: string, list: typeof steps, offset: number): void => {
      io.out(title);
      list.forEach((s, i) => {
        io.out(`${offset + i + 1}. ${s.step}`);
        for (const [k, v] of Object.entries(s.detail)) io.out(`     ${k}: ${v}`);
      });
    };
    print('ciotsec demo, part 1: AKA between the USIM simulator and the HSS core (TS 33.102)', akaSteps, 0);
    print(
      '\npart 2: Solution #10 over real sockets — UE, serving network, HSS, EMKS, EMSE, DTLS-PSK + CoAP (seed 001)',
      e2mSteps,
      akaSteps.length,
    );
    print(
      '\npart 3: remote credential provisioning, initial attach of a device without subscription (seed 004)',
      rcp.steps,
      akaSteps.length + e2mSteps.length,
    );
    io.out('\n   message sizes per step (octets: UDP payload UE ↔ SN, HTTP body SN ↔ Authorization Server)');
    io.out(`   ${'step'.padEnd(40)}${'from → to'.padEnd(16)}octets`);
    for (const r of rcp.sizes) io.out(`   ${r.step.padEnd(40)}${`${r.from} → ${r.to}`.padEnd(16)}${r.bytes}`);
    print(
      '\npart 4: Solution #12 — EES onboarding at the Edge Configuration Server on EDGE-6 (seed 002)',
      edgeSteps,
      akaSteps.length + e2mSteps.length + rcp.steps.length,
    );
    io.out('done.');
    return 0;
  },
};

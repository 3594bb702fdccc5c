import { existsSync } from 'node:fs';
import { runAkaDemo } from '../scenarios/aka-demo.js';
import { UsageError } from '../errors.js';
import { runE2mDemo } from '../scenarios/e2m-demo.js';
import { runEdgeDemo } from '../scenarios/edge-demo.js';
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
GET /status. Part 3 starts the ECSP's authorization server and an Edge Configuration Server; an EES
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
    const edgeSteps = await runEdgeDemo();
    const steps = [...akaSteps, ...e2mSteps, ...edgeSteps];
    if (values.json === true) {
      io.out(JSON.stringify({ store: dbPath, steps }));
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
      '\npart 3: Solution #12 — EES onboarding at the Edge Configuration Server on EDGE-6 (seed 002)',
      edgeSteps,
      akaSteps.length + e2mSteps.length,
    );
    io.out('done.');
    return 0;
  },
};

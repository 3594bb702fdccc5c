import { runAkaDemo } from '../scenarios/aka-demo.js';
import { parse } from '../args.js';
import type { CliIo } from '../io.js';
import type { Command } from '../command.js';
import { masterKeyFromEnv } from '../../config/secrets.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the device lifecycle demo on embedded defaults (SQLite)',
  help: `Usage: ciotsec demo [--db FILE] [--json]

Provisions a subscriber in an embedded SQLite HSS store, runs AKA between the USIM simulator and the
HSS including one forced resynchronisation, derives the seed 001 application keys, and prints what
happened. Keys are shown only as fingerprints.

Options:
  --db FILE   SQLite file to use (default: a new temporary directory)
  --json      one JSON object
  -h, --help  this help

Environment:
  CIOTSEC_MASTER_KEY   64 hex digits: the key that seals K and OPc at rest (default: random, demo only)`,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parse(args, { db: { type: 'string' } });
    const masterKey = masterKeyFromEnv(process.env);
    const { dbPath, steps } = await runAkaDemo({
      ...(typeof values.db === 'string' ? { dbPath: values.db } : {}),
      ...(masterKey !== undefined ? { masterKey } : {}),
    });
    if (values.json === true) {
      io.out(JSON.stringify({ store: dbPath, steps }));
      return 0;
    }
    io.out('ciotsec demo: AKA between the USIM simulator and the HSS (TS 33.102), e2m keys (seed 001)');
    steps.forEach((s, i) => {
      io.out(`${i + 1}. ${s.step}`);
      for (const [k, v] of Object.entries(s.detail)) io.out(`     ${k}: ${v}`);
    });
    io.out('done.');
    return 0;
  },
};

import { readFileSync } from 'node:fs';
import type { Command } from './command.js';
import { toExit, EXIT } from './errors.js';
import { processIo, type CliIo } from './io.js';
import { milenageCommand } from './commands/milenage.js';
import { akaResyncCommand } from './commands/aka-resync.js';
import { kdfCommand, kdfX963Command } from './commands/kdf.js';
import { demoCommand } from './commands/demo.js';
import { pkiInitCommand } from './commands/pki.js';
import { storeRekeyCommand } from './commands/store-rekey.js';
import { serveCommand } from './commands/serve.js';
import { spRegisterUuidCommand, ueProvisionCommand } from './commands/rcp.js';
import {
  hssSubscriberAddCommand,
  hssSubscriberRemoveCommand,
  hssSubscriberShowCommand,
} from './commands/hss-subscriber.js';
import { tokenIssueCommand } from './commands/token.js';
import { eesDeregisterCommand, eesOnboardCommand } from './commands/ees.js';
import { emksAuditCommand, emksAuthoriseCommand, emksIdentityCommand } from './commands/emks.js';

/** Commands by their words; the longest match wins (`kdf x963` before `kdf`). */
const COMMANDS: readonly Command[] = [
  demoCommand,
  milenageCommand,
  akaResyncCommand,
  kdfCommand,
  kdfX963Command,
  pkiInitCommand,
  serveCommand,
  spRegisterUuidCommand,
  ueProvisionCommand,
  hssSubscriberAddCommand,
  hssSubscriberShowCommand,
  hssSubscriberRemoveCommand,
  emksIdentityCommand,
  emksAuthoriseCommand,
  emksAuditCommand,
  storeRekeyCommand,
  tokenIssueCommand,
  eesOnboardCommand,
  eesDeregisterCommand,
];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: ciotsec <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --help and --json. Exit status: 0 ok, 1 failure, 2 bad input or usage.',
  ].join('\n');
}

function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  let best: { command: Command; rest: string[] } | undefined;
  for (const c of COMMANDS) {
    const words = c.name.split(' ');
    if (
      words.every((w, i) => argv[i] === w) &&
      (best === undefined || words.length > best.command.name.split(' ').length)
    ) {
      best = { command: c, rest: argv.slice(words.length) };
    }
  }
  return best;
}

/** Runs the CLI and returns the exit status; never throws. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.out(usage());
      return argv.length === 0 ? EXIT.USAGE : EXIT.OK;
    }
    if (argv[0] === '--version' || argv[0] === '-v') {
      io.out(version());
      return EXIT.OK;
    }
    const found = findCommand(argv);
    if (found === undefined) {
      const group = COMMANDS.filter((c) => c.name.startsWith(`${argv[0]} `));
      if (group.length > 0 && (argv.length === 1 || argv[1] === '--help' || argv[1] === '-h')) {
        io.out(group.map((c) => `ciotsec ${c.name}: ${c.summary}`).join('\n'));
        return argv.length === 1 ? EXIT.USAGE : EXIT.OK;
      }
      io.err(`ciotsec: unknown command '${argv.join(' ')}' (see ciotsec --help)`);
      return EXIT.USAGE;
    }
    if (found.rest.includes('--help') || found.rest.includes('-h')) {
      io.out(found.command.help);
      return EXIT.OK;
    }
    return await found.command.run(found.rest, io);
  } catch (err) {
    const { status, message } = toExit(err);
    io.err(`ciotsec: ${message}`);
    return status;
  }
}

import type { CliIo } from './io.js';

/** One CLI command: `run` returns the exit status; thrown errors go through cli/errors.ts. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  run(args: string[], io: CliIo): Promise<number>;
}

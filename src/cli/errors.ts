import { CiotsecError, InvalidInputError, ConfigError } from '../errors/base.js';

/** The command line is wrong: unknown or missing option, conflicting options. Exit status 2. */
export class UsageError extends CiotsecError {
  readonly code = 'ERR_USAGE';
  override readonly name = 'UsageError';
}

export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2 } as const;

/**
 * The one place where errors become CLI exit statuses and one-line messages: bad input exits 2 naming
 * the option, an operational failure (e.g. a MAC-S that does not verify) exits 1, anything unexpected
 * exits 1 as an internal error.
 */
export function toExit(err: unknown): { status: number; message: string } {
  if (err instanceof UsageError || err instanceof InvalidInputError || err instanceof ConfigError) {
    return { status: EXIT.USAGE, message: err.message };
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
    // node:util parseArgs explains ambiguous arguments over several lines; the CLI says one.
    const first = ((err as Error).message.split('\n')[0] ?? '').trim();
    const option = /'(-{1,2}[\w-]+)/.exec(first)?.[1];
    const message =
      code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined
        ? `${option}: a value is required (a value starting with '-' needs --option=value)`
        : first;
    return { status: EXIT.USAGE, message };
  }
  if (err instanceof CiotsecError) return { status: EXIT.FAILURE, message: err.message };
  return { status: EXIT.FAILURE, message: `internal error: ${(err as Error)?.message ?? String(err)}` };
}

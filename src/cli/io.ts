/** Where a command writes: injected so that tests can capture output without a child process. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Prints a flat result object: JSON on one line with --json, else aligned `name: value` lines. */
export function printResult(
  io: CliIo,
  json: boolean,
  result: Record<string, string | number | boolean>,
): void {
  if (json) {
    io.out(JSON.stringify(result));
    return;
  }
  const width = Math.max(...Object.keys(result).map((k) => k.length));
  for (const [k, v] of Object.entries(result)) io.out(`${k.padEnd(width)}  ${v}`);
}

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';

/** True when `cmd` runs (interop peers are optional locally, required in CI). */
export function hasBinary(cmd: string, args: string[] = ['--version']): boolean {
  return spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 }).error === undefined;
}

/** The skip reason for an interop test: only when the peer is missing and CI is unset. */
export function skipUnlessPeer(cmd: string, debianPackage: string): string | false {
  return !hasBinary(cmd) && process.env['CI'] === undefined
    ? `${cmd} not installed (apt-get install ${debianPackage})`
    : false;
}

/** A spawned peer whose output is collected; killed (its own pid only) by `stop`. */
export class Peer {
  readonly child: ChildProcess;
  out = '';
  constructor(cmd: string, args: string[]) {
    this.child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (d: Buffer) => (this.out += d.toString('utf8')));
    this.child.stderr?.on('data', (d: Buffer) => (this.out += d.toString('utf8')));
    this.child.on('error', (e) => (this.out += `\nspawn error: ${e.message}`));
  }

  write(s: string): void {
    this.child.stdin?.write(s);
  }

  /** Resolves when the output matches; rejects after `ms` with the output so far. */
  waitFor(re: RegExp, ms = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const poll = (): void => {
        if (re.test(this.out)) return resolve(this.out);
        if (Date.now() - started > ms)
          return reject(new Error(`timed out waiting for ${re}; output:\n${this.out}`));
        setTimeout(poll, 25);
      };
      poll();
    });
  }

  /** Resolves with the exit code (or null if killed), at most after `ms`. */
  exited(ms = 10_000): Promise<number | null> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve(this.child.exitCode);
      const timer = setTimeout(() => resolve(null), ms);
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      await this.exited(3000);
    }
  }
}

/** A UDP port that was free a moment ago on 127.0.0.1 (for peers that need a port number up front). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

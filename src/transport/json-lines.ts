import type { Socket } from 'node:net';
import { CiotsecError } from '../errors/base.js';

/** A peer sent something that is not a bounded line of JSON, or went away. */
export class JsonLinesError extends CiotsecError {
  readonly code = 'ERR_JSON_LINES';
  override readonly name = 'JsonLinesError';
}

/**
 * Newline-delimited JSON over a stream socket, with a bound on line length and a timeout per read:
 * the project's simplified NAS transport between UE and serving network (D-017).
 */
export class JsonLines {
  readonly #socket: Socket;
  readonly #maxLine: number;
  #buf = '';
  readonly #queue: unknown[] = [];
  #waiter: { resolve: (v: unknown) => void; reject: (e: Error) => void } | undefined;
  #error: Error | undefined;

  constructor(socket: Socket, maxLine = 4096) {
    this.#socket = socket;
    this.#maxLine = maxLine;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.#onData(chunk));
    socket.on('close', () => this.#fail(new JsonLinesError('connection closed')));
    socket.on('error', (e) => this.#fail(new JsonLinesError(`socket error: ${e.message}`)));
  }

  #onData(chunk: string): void {
    this.#buf += chunk;
    let i: number;
    while ((i = this.#buf.indexOf('\n')) >= 0) {
      const line = this.#buf.slice(0, i);
      this.#buf = this.#buf.slice(i + 1);
      let msg: unknown;
      try {
        msg = JSON.parse(line);
      } catch {
        this.#fail(new JsonLinesError('peer sent a line that is not JSON'));
        this.#socket.destroy();
        return;
      }
      if (this.#waiter !== undefined) {
        const w = this.#waiter;
        this.#waiter = undefined;
        w.resolve(msg);
      } else this.#queue.push(msg);
    }
    if (this.#buf.length > this.#maxLine) {
      this.#fail(new JsonLinesError(`line longer than ${this.#maxLine} bytes`));
      this.#socket.destroy();
    }
  }

  #fail(e: Error): void {
    this.#error ??= e;
    if (this.#waiter !== undefined) {
      const w = this.#waiter;
      this.#waiter = undefined;
      w.reject(e);
    }
  }

  send(msg: unknown): void {
    this.#socket.write(`${JSON.stringify(msg)}\n`);
  }

  read(timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return Promise.resolve(queued as Record<string, unknown>);
    if (this.#error !== undefined) return Promise.reject(this.#error);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.#waiter = undefined;
        reject(new JsonLinesError(`no message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiter = {
        resolve: (v) => {
          clearTimeout(t);
          resolve(v as Record<string, unknown>);
        },
        reject: (e) => {
          clearTimeout(t);
          reject(e);
        },
      };
    });
  }

  close(): void {
    this.#socket.end();
  }
}

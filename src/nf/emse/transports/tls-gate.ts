import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { peekTlsPskIdentity } from '../procedures/peek-tls-psk-identity.js';

/**
 * Wraps a TCP socket for Node's TLS engine and holds back the record that carries the psk_identity until
 * `lookup(identity)` settles (or `timeoutMs` passes), so the synchronous pskCallback can answer from the
 * key cache (docs/decisions.md D-021). Everything before that record, and everything after the lookup,
 * passes through unchanged; writes go straight to the socket.
 */
export function gatePskIdentity(
  socket: Socket,
  lookup: (identity: Buffer) => Promise<unknown>,
  timeoutMs: number,
): Duplex {
  let mode: 'peek' | 'hold' | 'pass' = 'peek';
  let buf = Buffer.alloc(0);
  let forwarded = 0;
  let ended = false;
  const gate = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      socket.write(chunk, cb);
    },
    final(cb) {
      socket.end();
      cb();
    },
    destroy(err, cb) {
      socket.destroy();
      cb(err);
    },
  });
  const pushUpTo = (end: number): void => {
    if (end > forwarded) gate.push(buf.subarray(forwarded, end));
    forwarded = end;
  };
  const pass = (): void => {
    if (mode === 'pass') return;
    mode = 'pass';
    pushUpTo(buf.length);
    buf = Buffer.alloc(0);
    if (ended) gate.push(null);
  };
  socket.on('data', (d: Buffer) => {
    if (mode === 'pass') {
      if (!gate.push(d)) socket.pause();
      return;
    }
    buf = Buffer.concat([buf, d]);
    if (mode === 'hold') return;
    const p = peekTlsPskIdentity(buf);
    if (p.kind === 'none') return pass();
    if (p.kind === 'more') return pushUpTo(p.forwardable);
    pushUpTo(p.holdFrom);
    mode = 'hold';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    void Promise.race([lookup(p.identity).catch(() => undefined), timeout]).then(() => {
      clearTimeout(timer);
      pass();
    });
  });
  socket.on('end', () => {
    ended = true;
    if (mode === 'pass') gate.push(null);
    else if (mode === 'peek') pass();
  });
  socket.on('error', (err) => gate.destroy(err));
  socket.on('close', () => {
    if (!gate.destroyed && mode !== 'hold') gate.destroy();
  });
  return gate;
}

import type { TLSSocket } from 'node:tls';
import {
  CoapCode,
  CoapDecodeError,
  type CoapHandler,
  CoapOptionNumber,
  CoapSignal,
  coapUriPath,
  parseCoapTcpFrame,
  serializeCoapTcpFrame,
  uintOption,
} from '../../../coap/index.js';

/** Bytes buffered per connection before it is aborted. */
const MAX_BUFFER = 70_000;

/**
 * CoAP over TLS (RFC 8323) on one established TLS-PSK connection: sends the server's CSM, answers
 * requests with the handler, Ping with Pong, and aborts on framing errors.
 */
export function serveCoapOverTls(socket: TLSSocket, handler: CoapHandler): void {
  let buf = Buffer.alloc(0);
  const send = (
    code: number,
    token: Buffer,
    payload: Buffer = Buffer.alloc(0),
    contentFormat?: number,
  ): void => {
    const options =
      contentFormat === undefined ? [] : [uintOption(CoapOptionNumber.CONTENT_FORMAT, contentFormat)];
    socket.write(serializeCoapTcpFrame({ code, token, options, payload }));
  };
  // RFC 8323 §5.3.1: the CSM is each side's first message.
  send(CoapSignal.CSM, Buffer.alloc(0));
  socket.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const r = parseCoapTcpFrame(buf);
      if (r === 'more') {
        if (buf.length > MAX_BUFFER) socket.destroy();
        return;
      }
      if (r instanceof CoapDecodeError) {
        send(CoapSignal.ABORT, Buffer.alloc(0));
        socket.end();
        return;
      }
      buf = buf.subarray(r.consumed);
      const m = r.message;
      if (m.code === CoapSignal.PING) send(CoapSignal.PONG, m.token);
      else if (m.code === CoapSignal.ABORT || m.code === CoapSignal.RELEASE) socket.end();
      else if (m.code >> 5 === 0 && m.code !== CoapCode.EMPTY) {
        const cf = m.options.find((o) => o.number === CoapOptionNumber.CONTENT_FORMAT);
        const res = handler({
          method: m.code,
          path: coapUriPath({ ...m, type: 0, messageId: 0 }),
          contentFormat: cf === undefined ? undefined : cf.value.reduce((a, x) => a * 256 + x, 0),
          payload: m.payload,
        });
        send(res.code, m.token, res.payload, res.contentFormat);
      }
    }
  });
}

import { DTLS_1_0, ContentType, HandshakeType } from './constants.js';
import { type CookieSecrets, makeCookie, verifyCookie } from './cookie.js';
import { DtlsDecodeError } from './errors.js';
import { parseHandshakeFragments, serializeHandshakeFragment } from './handshake/header.js';
import { parseClientHello } from './handshake/messages/client-hello.js';
import { serializeHelloVerifyRequest } from './handshake/messages/hello-verify-request.js';
import { parseRecords, serializeRecord } from './record/record.js';

export type Screening =
  /** Not a ClientHello we answer, or a cookie that does not verify: say nothing (no amplification). */
  | { readonly kind: 'drop' }
  | { readonly kind: 'helloVerifyRequest'; readonly datagram: Buffer }
  /** A ClientHello with a valid cookie: worth an association. */
  | {
      readonly kind: 'accept';
      readonly messageSeq: number;
      readonly recordSeq: number;
      readonly clientRandom: Buffer;
    };

/**
 * The stateless front of the server (RFC 6347 §4.2.1), for datagrams from a peer without an association:
 * no cookie → HelloVerifyRequest; valid cookie → accept; anything else → drop. Holds no state, so a
 * flood of spoofed ClientHellos costs one HMAC each and no memory.
 */
export function screenDatagram(datagram: Buffer, peer: string, secrets: CookieSecrets): Screening {
  const first = parseRecords(datagram).records[0];
  if (first === undefined || first.type !== ContentType.handshake || first.epoch !== 0)
    return { kind: 'drop' };
  const fragments = parseHandshakeFragments(first.fragment);
  if (fragments instanceof DtlsDecodeError) return { kind: 'drop' };
  const f = fragments[0];
  // A ClientHello in one fragment: we keep nothing between datagrams before the cookie verifies.
  if (
    f === undefined ||
    f.msgType !== HandshakeType.clientHello ||
    f.fragmentOffset !== 0 ||
    f.body.length !== f.length
  )
    return { kind: 'drop' };
  const hello = parseClientHello(f.body);
  if (hello instanceof DtlsDecodeError) return { kind: 'drop' };
  if (hello.cookie.length === 0) {
    // §4.2.1: version DTLS 1.0 in the record and the HelloVerifyRequest; the ClientHello's record sequence
    // number and message_seq are reused so that the client can match the reply.
    const body = serializeHelloVerifyRequest({
      serverVersion: DTLS_1_0,
      cookie: makeCookie(secrets, peer, hello),
    });
    const fragment = serializeHandshakeFragment({
      msgType: HandshakeType.helloVerifyRequest,
      length: body.length,
      messageSeq: f.messageSeq,
      fragmentOffset: 0,
      body,
    });
    const datagramOut = serializeRecord({
      type: ContentType.handshake,
      version: DTLS_1_0,
      epoch: 0,
      sequenceNumber: first.sequenceNumber,
      fragment,
    });
    return { kind: 'helloVerifyRequest', datagram: datagramOut };
  }
  if (!verifyCookie(secrets, peer, hello)) return { kind: 'drop' };
  return {
    kind: 'accept',
    messageSeq: f.messageSeq,
    recordSeq: first.sequenceNumber,
    clientRandom: hello.random,
  };
}

import type { FastifyRequest } from 'fastify';
import { isTlsSocket } from '../../../sbi/tls-profile.js';
import type { PeerCertificate } from '../procedures/client-certificate.js';

/** The TLS layer's view of the caller's certificate (none for a server-authenticated-only session). */
export function peerCertificateOf(request: FastifyRequest): PeerCertificate {
  const socket = request.raw.socket;
  if (!isTlsSocket(socket)) return { raw: undefined, authorized: false };
  const c = socket.getPeerCertificate(false) as { raw?: Buffer } | undefined;
  const e = socket.authorizationError as unknown;
  const reason = typeof e === 'string' ? e : (e as { code?: string } | null)?.code;
  return { raw: c?.raw, authorized: socket.authorized, authorizationError: reason };
}

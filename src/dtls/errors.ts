import { CiotsecError } from '../errors/base.js';

/**
 * Bytes that do not decode as the DTLS structure asked for. Codecs return it (never throw it), so that a
 * datagram from the network cannot raise out of a parser; the machines answer it with decode_error or
 * drop the record, as RFC 6347 §4.1.2.7 allows.
 */
export class DtlsDecodeError extends CiotsecError {
  readonly code = 'ERR_DTLS_DECODE';
  override readonly name = 'DtlsDecodeError';
  constructor(
    readonly structure: string,
    message: string,
  ) {
    super(`${structure}: ${message}`);
  }
}

/** A handshake that ended with an alert, sent or received; `alert` is the RFC 5246 §7.2 description. */
export class DtlsAlertError extends CiotsecError {
  readonly code = 'ERR_DTLS_ALERT';
  override readonly name = 'DtlsAlertError';
  constructor(
    readonly alert: number,
    readonly sentByPeer: boolean,
    message: string,
  ) {
    super(message);
  }
}

/** The handshake did not finish in time (retransmissions exhausted, or the PSK lookup timed out). */
export class DtlsTimeoutError extends CiotsecError {
  readonly code = 'ERR_DTLS_TIMEOUT';
  override readonly name = 'DtlsTimeoutError';
}

/** The session is closed (close_notify, fatal alert or local close); nothing more can be sent. */
export class DtlsClosedError extends CiotsecError {
  readonly code = 'ERR_DTLS_CLOSED';
  override readonly name = 'DtlsClosedError';
}

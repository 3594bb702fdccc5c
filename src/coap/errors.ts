import { CiotsecError } from '../errors/base.js';

/** Bytes that are not a CoAP message (RFC 7252 §3). Returned by the codec, never thrown at a peer. */
export class CoapDecodeError extends CiotsecError {
  readonly code = 'ERR_COAP_DECODE';
  override readonly name = 'CoapDecodeError';
}

// CoAP (RFC 7252): a pure message codec and a pure server endpoint step; transports live elsewhere.
export {
  CoapType,
  type CoapTypeValue,
  CoapCode,
  CoapOptionNumber,
  CoapContentFormat,
  coapCode,
  coapCodeName,
} from './constants.js';
export { CoapDecodeError } from './errors.js';
export {
  type CoapOption,
  type CoapMessage,
  parseCoapMessage,
  serializeCoapMessage,
  coapUriPath,
  uriPathOptions,
  uintOption,
} from './message.js';
export {
  type CoapRequest,
  type CoapResponse,
  type CoapHandler,
  type CoapServerState,
  type CoapServerStep,
  EXCHANGE_LIFETIME_MS,
  DEDUP_ENTRIES,
  createCoapServerState,
  coapServerStep,
} from './endpoint.js';
export {
  type CoapTcpMessage,
  CoapSignal,
  COAP_TCP_MAX_FRAME,
  parseCoapTcpFrame,
  serializeCoapTcpFrame,
} from './tcp.js';

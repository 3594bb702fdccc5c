export { encodeCbor, decodeCbor, MessageFormatError } from './cbor.js';
export { signToken, verifyToken, peekToken, SignatureError } from './atk.js';
export {
  MSG,
  REJECT_CAUSE,
  SLICE_INITIAL_ATTACH,
  CIPHER_ID,
  serializeMessage,
  parseMessage,
  serializeCx,
  parseCx,
  type UeSnMessage,
  type CxParameters,
  type RejectCause,
} from './messages.js';
export {
  authorisationFields,
  authorisationFromFields,
  AUTHORISATION_FIELDS,
  type Authorisation,
} from './authorisation.js';
export { generateTreUuid, decodeTreUuid, formatUuid, parseUuid, treBinding } from './uuid-ue.js';

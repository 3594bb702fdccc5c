/** RFC 7252 §3: message types. */
export const CoapType = { CON: 0, NON: 1, ACK: 2, RST: 3 } as const;
export type CoapTypeValue = (typeof CoapType)[keyof typeof CoapType];

/** `c.dd` as one byte (RFC 7252 §3: class in the 3 high bits, detail in the 5 low bits). */
export const coapCode = (cls: number, detail: number): number => (cls << 5) | detail;
/** The dotted form of a code, e.g. 69 → '2.05'. */
export const coapCodeName = (code: number): string =>
  `${code >> 5}.${(code & 0x1f).toString().padStart(2, '0')}`;

/** RFC 7252 §12.1.1 methods and the §12.1.2 response codes we use. */
export const CoapCode = {
  EMPTY: 0,
  GET: coapCode(0, 1),
  POST: coapCode(0, 2),
  PUT: coapCode(0, 3),
  DELETE: coapCode(0, 4),
  CREATED: coapCode(2, 1),
  CONTENT: coapCode(2, 5),
  BAD_REQUEST: coapCode(4, 0),
  NOT_FOUND: coapCode(4, 4),
  METHOD_NOT_ALLOWED: coapCode(4, 5),
  REQUEST_ENTITY_TOO_LARGE: coapCode(4, 13),
  INTERNAL_SERVER_ERROR: coapCode(5, 0),
} as const;

/** RFC 7252 §12.2 option numbers. */
export const CoapOptionNumber = {
  IF_MATCH: 1,
  URI_HOST: 3,
  ETAG: 4,
  IF_NONE_MATCH: 5,
  OBSERVE: 6,
  URI_PORT: 7,
  LOCATION_PATH: 8,
  URI_PATH: 11,
  CONTENT_FORMAT: 12,
  MAX_AGE: 14,
  URI_QUERY: 15,
  ACCEPT: 17,
  LOCATION_QUERY: 20,
  BLOCK2: 23,
  BLOCK1: 27,
  SIZE2: 28,
  PROXY_URI: 35,
  SIZE1: 60,
} as const;

/** RFC 7252 §12.3 content formats. */
export const CoapContentFormat = {
  TEXT_PLAIN: 0,
  LINK_FORMAT: 40,
  OCTET_STREAM: 42,
  JSON: 50,
  CBOR: 60,
} as const;

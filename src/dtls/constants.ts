// RFC 6347 §4.1 and the TLS 1.2 registries (RFC 5246 §A, RFC 4279, RFC 6655, RFC 5487).

/** ContentType (RFC 5246 §6.2.1). */
export const ContentType = {
  changeCipherSpec: 20,
  alert: 21,
  handshake: 22,
  applicationData: 23,
} as const;
export type ContentType = (typeof ContentType)[keyof typeof ContentType];

/** HandshakeType (RFC 5246 §7.4, RFC 6347 §4.3.2). */
export const HandshakeType = {
  helloRequest: 0,
  clientHello: 1,
  serverHello: 2,
  helloVerifyRequest: 3,
  serverKeyExchange: 12,
  serverHelloDone: 14,
  clientKeyExchange: 16,
  finished: 20,
} as const;
export type HandshakeType = (typeof HandshakeType)[keyof typeof HandshakeType];

export const AlertLevel = { warning: 1, fatal: 2 } as const;

/** AlertDescription (RFC 5246 §7.2, RFC 4279 §2). */
export const AlertDescription = {
  closeNotify: 0,
  unexpectedMessage: 10,
  badRecordMac: 20,
  handshakeFailure: 40,
  illegalParameter: 47,
  decodeError: 50,
  decryptError: 51,
  protocolVersion: 70,
  internalError: 80,
  noRenegotiation: 100,
  unsupportedExtension: 110,
  unknownPskIdentity: 115,
} as const;
export type AlertDescription = (typeof AlertDescription)[keyof typeof AlertDescription];

const alertNames = new Map<number, string>(
  Object.entries(AlertDescription).map(([k, v]) => [v, k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]),
);

/** The RFC's name of an alert description (`bad_record_mac`), or its number. */
export function alertName(description: number): string {
  return alertNames.get(description) ?? `alert_${description}`;
}

/** ProtocolVersion on the wire: DTLS 1.0 is {254, 255}, DTLS 1.2 is {254, 253} (RFC 6347 §4.1). */
export const DTLS_1_0 = 0xfeff;
export const DTLS_1_2 = 0xfefd;

/** Extension types used here. */
export const ExtensionType = {
  extendedMasterSecret: 0x0017, // RFC 7627
  renegotiationInfo: 0xff01, // RFC 5746
} as const;

/** TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 §3.3). */
export const EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff;

/** Record header: type(1) version(2) epoch(2) sequence_number(6) length(2) (RFC 6347 §4.1). */
export const RECORD_HEADER_LENGTH = 13;
/** Handshake header: msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3). */
export const HANDSHAKE_HEADER_LENGTH = 12;
/** RFC 6347 §4.1.1: TLSCiphertext.length MUST NOT exceed 2^14 + 2048. */
export const MAX_CIPHERTEXT_LENGTH = 2 ** 14 + 2048;
export const MAX_PLAINTEXT_LENGTH = 2 ** 14;
/** 48-bit record sequence numbers (RFC 6347 §4.1). */
export const MAX_SEQUENCE_NUMBER = 2 ** 48 - 1;

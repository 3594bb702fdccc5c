import { decodeCbor, encodeCbor, MessageFormatError, read } from './cbor.js';

/**
 * The UE ↔ serving-network messages of the initial attach (seed 004 clause 5.12.4.x steps 1, 4, 5, 7),
 * one CBOR array per UDP datagram, the first element the type (D-033). `nUe` is the UE's fresh nonce of
 * step 1; it names the transaction in every later message.
 */
export const MSG = {
  attachRequest: 1,
  snCertificate: 4,
  treCredentials: 5,
  snCredentials: 7,
  attachReject: 15,
  channelData: 20,
  channelDataAck: 21,
  channelClosed: 22,
} as const;

export const REJECT_CAUSE = {
  authorisationRefused: 1,
  authenticationFailed: 2,
  replay: 3,
  unknownTransaction: 4,
  networkFailure: 5,
  sliceNotSupported: 6,
  limitExceeded: 7,
  invalidMessage: 8,
} as const;
export type RejectCause = (typeof REJECT_CAUSE)[keyof typeof REJECT_CAUSE];

/** Slice Select Type of step 1 for the initial attach for remote credential provisioning. */
export const SLICE_INITIAL_ATTACH = 1;
export const CIPHER_ID = { 'aes128-cbc-hmac-sha256': 0, 'aes128-gcm': 1 } as const;

export type UeSnMessage =
  | {
      type: typeof MSG.attachRequest;
      nUe: Buffer;
      uuid: Buffer;
      authzFqdn: string;
      sliceSelectType: number;
      cipher: 0 | 1;
    }
  | { type: typeof MSG.snCertificate; nUe: Buffer; nSn: Buffer; certSnEcka: Buffer }
  | {
      type: typeof MSG.treCredentials;
      nUe: Buffer;
      atkTre: Buffer;
      certPn: Buffer;
      certCi: Buffer;
      m1: Buffer;
      h1: Buffer;
    }
  | { type: typeof MSG.snCredentials; nUe: Buffer; atkSn: Buffer; certSnEcdsa: Buffer }
  | { type: typeof MSG.attachReject; nUe: Buffer; cause: number }
  | { type: typeof MSG.channelData; imsi: string; seq: number; payload: Buffer }
  | { type: typeof MSG.channelDataAck; seq: number; payload: Buffer }
  | { type: typeof MSG.channelClosed; imsi: string; cause: number };

const FQDN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const IMSI = /^[0-9]{6,15}$/;
const CERT_MAX = 2048;

export function serializeMessage(m: UeSnMessage): Buffer {
  switch (m.type) {
    case MSG.attachRequest:
      return encodeCbor([m.type, m.nUe, m.uuid, m.authzFqdn, m.sliceSelectType, m.cipher]);
    case MSG.snCertificate:
      return encodeCbor([m.type, m.nUe, m.nSn, m.certSnEcka]);
    case MSG.treCredentials:
      return encodeCbor([m.type, m.nUe, m.atkTre, m.certPn, m.certCi, m.m1, m.h1]);
    case MSG.snCredentials:
      return encodeCbor([m.type, m.nUe, m.atkSn, m.certSnEcdsa]);
    case MSG.attachReject:
      return encodeCbor([m.type, m.nUe, m.cause]);
    case MSG.channelData:
      return encodeCbor([m.type, m.imsi, m.seq, m.payload]);
    case MSG.channelDataAck:
      return encodeCbor([m.type, m.seq, m.payload]);
    case MSG.channelClosed:
      return encodeCbor([m.type, m.imsi, m.cause]);
  }
}

/** parse(bytes) → message, or ERR_MESSAGE_FORMAT naming the field. */
export function parseMessage(bytes: Uint8Array): UeSnMessage {
  const v = decodeCbor(bytes);
  if (!Array.isArray(v) || v.length === 0) throw new MessageFormatError('message: array expected');
  const type = read.uint(v[0], 'type', 255);
  const nonce = (x: unknown): Buffer => read.bytes(x, 'nUe', 16, 16);
  switch (type) {
    case MSG.attachRequest: {
      const a = read.array(v, 'AttachRequest', 6);
      const cipher = read.uint(a[5], 'cipher', 1) as 0 | 1;
      return {
        type,
        nUe: nonce(a[1]),
        uuid: read.bytes(a[2], 'uuid', 16, 16),
        authzFqdn: read.text(a[3], 'authzFqdn', 253, FQDN),
        sliceSelectType: read.uint(a[4], 'sliceSelectType', 255),
        cipher,
      };
    }
    case MSG.snCertificate: {
      const a = read.array(v, 'SnCertificate', 4);
      return {
        type,
        nUe: nonce(a[1]),
        nSn: read.bytes(a[2], 'nSn', 16, 16),
        certSnEcka: read.bytes(a[3], 'cert', 1, CERT_MAX),
      };
    }
    case MSG.treCredentials: {
      const a = read.array(v, 'TreCredentials', 7);
      return {
        type,
        nUe: nonce(a[1]),
        atkTre: read.bytes(a[2], 'atkTre', 1, 512),
        certPn: read.bytes(a[3], 'certPn', 1, CERT_MAX),
        certCi: read.bytes(a[4], 'certCi', 1, CERT_MAX),
        m1: read.bytes(a[5], 'm1', 16, CERT_MAX + 32),
        h1: read.bytes(a[6], 'h1', 16, 16),
      };
    }
    case MSG.snCredentials: {
      const a = read.array(v, 'SnCredentials', 4);
      return {
        type,
        nUe: nonce(a[1]),
        atkSn: read.bytes(a[2], 'atkSn', 1, 1024),
        certSnEcdsa: read.bytes(a[3], 'cert', 1, CERT_MAX),
      };
    }
    case MSG.attachReject: {
      const a = read.array(v, 'AttachReject', 3);
      return { type, nUe: nonce(a[1]), cause: read.uint(a[2], 'cause', 255) };
    }
    case MSG.channelData: {
      const a = read.array(v, 'ChannelData', 4);
      return {
        type,
        imsi: read.text(a[1], 'imsi', 15, IMSI),
        seq: read.uint(a[2], 'seq', 0xffffffff),
        payload: read.bytes(a[3], 'payload', 0, 1200),
      };
    }
    case MSG.channelDataAck: {
      const a = read.array(v, 'ChannelDataAck', 3);
      return { type, seq: read.uint(a[1], 'seq', 0xffffffff), payload: read.bytes(a[2], 'payload', 0, 1200) };
    }
    case MSG.channelClosed: {
      const a = read.array(v, 'ChannelClosed', 3);
      return { type, imsi: read.text(a[1], 'imsi', 15, IMSI), cause: read.uint(a[2], 'cause', 255) };
    }
    default:
      throw new MessageFormatError(`unknown message type ${type}`);
  }
}

/** CX_PARAMETERS (step 6): what the UE needs for AKA — IMSI, K, OPc, AMF (D-033). */
export interface CxParameters {
  readonly imsi: string;
  readonly k: Buffer;
  readonly opc: Buffer;
  readonly amf: Buffer;
}

export function serializeCx(cx: CxParameters): Buffer {
  return encodeCbor([cx.imsi, cx.k, cx.opc, cx.amf]);
}

export function parseCx(bytes: Uint8Array): CxParameters {
  const a = read.array(decodeCbor(bytes), 'CX_PARAMETERS', 4);
  return {
    imsi: read.text(a[0], 'imsi', 15, IMSI),
    k: read.bytes(a[1], 'k', 16, 16),
    opc: read.bytes(a[2], 'opc', 16, 16),
    amf: read.bytes(a[3], 'amf', 2, 2),
  };
}

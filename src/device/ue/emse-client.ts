import { randomBytes } from 'node:crypto';
import {
  CoapDecodeError,
  type CoapMessage,
  CoapType,
  parseCoapMessage,
  serializeCoapMessage,
  uriPathOptions,
  uintOption,
  CoapOptionNumber,
} from '../../coap/index.js';
import type { SecretKey } from '../../crypto/secret-key.js';
import { type DtlsClientConnection, connectDtls, encodePskIdentity } from '../../dtls/index.js';
import { CiotsecError } from '../../errors/base.js';

export class CoapTimeoutError extends CiotsecError {
  readonly code = 'ERR_COAP_TIMEOUT';
  override readonly name = 'CoapTimeoutError';
}

export interface EmseClientOptions {
  readonly host: string;
  readonly port: number;
  /** The UE's application-layer identity (seed 001 step 4), carried in psk_identity with keyId. */
  readonly ueId: string;
  /** From `UeSimulator.e2mKey(emseId)`. */
  readonly e2m: { readonly keyId: string; readonly key: SecretKey };
  readonly identityForm?: 'full' | 'compact' | 'auto';
  /** RFC 7252 §4.8 ACK_TIMEOUT (default 2000 ms) and MAX_RETRANSMIT (default 4), for CON requests. */
  readonly ackTimeoutMs?: number;
  readonly maxRetransmit?: number;
  readonly initialRetransmitMs?: number;
}

export interface CoapReply {
  readonly code: number;
  readonly payload: Buffer;
}

/**
 * The device side of seed 001 6.x.2.3: DTLS-PSK (ciotsec's own client) to the EMSE with e2m_key and
 * psk_identity = keyId + application identity (D-010), then CoAP CON requests over the session.
 *
 * @example
 * const c = await EmseClient.connect({ host: '127.0.0.1', port: 5684, ueId, e2m: ue.e2mKey('emse-1') });
 * const r = await c.request(CoapCode.POST, 'measurements', Buffer.from('21.5'));
 */
export class EmseClient {
  #messageId = randomBytes(2).readUInt16BE(0);
  readonly #waiting = new Map<number, (m: CoapMessage) => void>();

  private constructor(
    readonly connection: DtlsClientConnection,
    readonly pskIdentity: string,
    private readonly o: EmseClientOptions,
  ) {
    connection.on('data', (d) => {
      const m = parseCoapMessage(d);
      if (m instanceof CoapDecodeError || m.type !== CoapType.ACK) return;
      this.#waiting.get(m.messageId)?.(m);
    });
  }

  static async connect(o: EmseClientOptions): Promise<EmseClient> {
    const identity = encodePskIdentity(
      { keyId: parseInt(o.e2m.keyId, 16), identity: o.ueId },
      o.identityForm ?? 'auto',
    );
    const connection = await connectDtls({
      host: o.host,
      port: o.port,
      identity,
      psk: o.e2m.key.export(),
      ...(o.initialRetransmitMs === undefined ? {} : { initialRetransmitMs: o.initialRetransmitMs }),
    });
    return new EmseClient(connection, identity.toString('utf8'), o);
  }

  /** One CON request with a piggybacked response; retransmitted per RFC 7252 §4.2, bounded. */
  async request(
    method: number,
    path: string,
    payload = Buffer.alloc(0),
    contentFormat?: number,
  ): Promise<CoapReply> {
    const messageId = (this.#messageId = (this.#messageId + 1) & 0xffff);
    const token = randomBytes(4);
    const bytes = serializeCoapMessage({
      type: CoapType.CON,
      code: method,
      messageId,
      token,
      options: [
        ...uriPathOptions(path),
        ...(contentFormat === undefined ? [] : [uintOption(CoapOptionNumber.CONTENT_FORMAT, contentFormat)]),
      ],
      payload,
    });
    const ackTimeout = this.o.ackTimeoutMs ?? 2000;
    const maxRetransmit = this.o.maxRetransmit ?? 4;
    try {
      return await new Promise<CoapReply>((resolve, reject) => {
        let tries = 0;
        let timer: NodeJS.Timeout | undefined;
        const send = (): void => {
          if (tries > maxRetransmit) return reject(new CoapTimeoutError(`no ACK for ${path}`));
          this.connection.send(bytes);
          timer = setTimeout(send, ackTimeout * 2 ** tries++);
        };
        this.#waiting.set(messageId, (m) => {
          clearTimeout(timer);
          if (!m.token.equals(token)) return reject(new CoapTimeoutError('ACK with a foreign token'));
          resolve({ code: m.code, payload: m.payload });
        });
        send();
      });
    } finally {
      this.#waiting.delete(messageId);
    }
  }

  close(): void {
    this.connection.close();
  }
}

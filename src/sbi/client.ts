import { connect, constants, type ClientHttp2Session } from 'node:http2';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import { nfIdentityOf } from '../pki/identity.js';
import { CiotsecError } from '../errors/base.js';
import { tlsOptions, type TlsMaterial } from './tls-profile.js';
import type { ProblemDetails } from './problem.js';

export interface SbiResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** A request that did not get an HTTP answer: connection refused, TLS failure, timeout. */
export class SbiTransportError extends CiotsecError {
  readonly code = 'ERR_SBI_TRANSPORT';
  override readonly name = 'SbiTransportError';
}

/** A non-2xx answer, with its ProblemDetails when the server sent one. */
export class SbiResponseError extends CiotsecError {
  readonly code = 'ERR_SBI_RESPONSE';
  override readonly name = 'SbiResponseError';
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails | undefined,
  ) {
    super(
      `HTTP ${status}${problem?.cause !== undefined ? ` ${problem.cause}` : ''}${problem?.detail !== undefined ? `: ${problem.detail}` : ''}`,
    );
  }
}

export interface SbiClientOptions {
  /** e.g. https://127.0.0.1:7443 */
  readonly baseUrl: string;
  readonly tls: TlsMaterial;
  readonly timeoutMs?: number;
  /** TLS server name to verify (default: the URL's host). */
  readonly servername?: string;
  /**
   * The NF type the server's certificate must name (`urn:ciotsec:nf:<type>:…`, D-012), checked on top of
   * the usual host check, so that a certificate of another function from the same CA is refused.
   */
  readonly expectPeerType?: string;
}

/**
 * An SBI client: one HTTP/2 session per peer, reused across requests and re-opened when it closes,
 * presenting this function's certificate.
 */
export class SbiClient {
  readonly #opts: SbiClientOptions;
  #session: ClientHttp2Session | undefined;

  constructor(opts: SbiClientOptions) {
    this.#opts = opts;
  }

  #sessionFor(): ClientHttp2Session {
    const s = this.#session;
    if (s !== undefined && !s.closed && !s.destroyed) return s;
    const url = new URL(this.#opts.baseUrl);
    const session = connect(this.#opts.baseUrl, {
      ...tlsOptions(this.#opts.tls),
      servername: this.#opts.servername ?? (/^[0-9.]+$/.test(url.hostname) ? undefined : url.hostname),
      checkServerIdentity: (host: string, cert: PeerCertificate): Error | undefined => {
        const err = checkServerIdentity(host, cert);
        if (err !== undefined || this.#opts.expectPeerType === undefined) return err;
        try {
          const id = nfIdentityOf(cert.raw);
          if (id.type === this.#opts.expectPeerType) return undefined;
          return new Error(
            `server is NF '${id.type}:${id.instance}', expected a '${this.#opts.expectPeerType}'`,
          );
        } catch (e) {
          return e as Error;
        }
      },
    } as never);
    session.on('error', () => undefined); // surfaced per request
    session.on('close', () => {
      if (this.#session === session) this.#session = undefined;
    });
    this.#session = session;
    return session;
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<SbiResponse> {
    const payload =
      body === undefined
        ? undefined
        : Buffer.isBuffer(body)
          ? body
          : Buffer.from(JSON.stringify(body), 'utf8');
    const h: Record<string, string> = {
      [constants.HTTP2_HEADER_METHOD]: method,
      [constants.HTTP2_HEADER_PATH]: path,
      accept: 'application/json, application/problem+json',
      ...(payload !== undefined && !Buffer.isBuffer(body) ? { 'content-type': 'application/json' } : {}),
      ...headers,
    };
    const timeoutMs = this.#opts.timeoutMs ?? 10_000;
    return new Promise<SbiResponse>((resolve, reject) => {
      let session: ClientHttp2Session;
      try {
        session = this.#sessionFor();
      } catch (cause) {
        reject(new SbiTransportError(`cannot connect to ${this.#opts.baseUrl}`, { cause }));
        return;
      }
      const onSessionError = (cause: unknown): void =>
        reject(
          new SbiTransportError(`${method} ${this.#opts.baseUrl}${path}: ${(cause as Error).message}`, {
            cause,
          }),
        );
      session.once('error', onSessionError);
      const req = session.request(h);
      req.setTimeout(timeoutMs, () => {
        req.close(constants.NGHTTP2_CANCEL);
        reject(
          new SbiTransportError(`${method} ${this.#opts.baseUrl}${path}: timeout after ${timeoutMs} ms`),
        );
      });
      const chunks: Buffer[] = [];
      let status = 0;
      let resHeaders: SbiResponse['headers'] = {};
      req.on('response', (hs) => {
        status = Number(hs[constants.HTTP2_HEADER_STATUS]);
        resHeaders = hs as SbiResponse['headers'];
      });
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        session.off('error', onSessionError);
        resolve({ status, headers: resHeaders, body: Buffer.concat(chunks) });
      });
      req.on('error', (cause) => {
        session.off('error', onSessionError);
        reject(new SbiTransportError(`${method} ${this.#opts.baseUrl}${path}: ${cause.message}`, { cause }));
      });
      req.end(payload);
    });
  }

  /** JSON request expecting a 2xx JSON answer; other answers throw SbiResponseError. */
  async json<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; headers: SbiResponse['headers'] }> {
    const r = await this.request(method, path, body);
    if (r.status < 200 || r.status >= 300) {
      let problem: ProblemDetails | undefined;
      try {
        problem = JSON.parse(r.body.toString('utf8')) as ProblemDetails;
      } catch {
        problem = undefined;
      }
      throw new SbiResponseError(r.status, problem);
    }
    return {
      status: r.status,
      headers: r.headers,
      body: (r.body.length > 0 ? JSON.parse(r.body.toString('utf8')) : undefined) as T,
    };
  }

  close(): void {
    this.#session?.close();
    this.#session = undefined;
  }
}

import { connect, constants } from 'node:http2';
import { tlsOptions } from '../../../sbi/tls-profile.js';
import { SbiResponseError, SbiTransportError, type ProblemDetails } from '../../../sbi/index.js';

export interface EcsTls {
  /** The ECSP root CA certificate the EES was provisioned with (seed 002 step 1). */
  readonly ca: string;
  /** The EES's certificate and key, once onboarded (mutual TLS); absent for onboarding itself. */
  readonly cert?: string;
  readonly key?: string;
}

export interface EcsAnswer<T> {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: T;
}

/**
 * One HTTP/2 request to the ECS over TLS (server-authenticated; mutual when `tls.cert` is given). A new
 * session per request: onboarding and the mutual-TLS operations use different TLS identities.
 */
export function ecsRequest<T>(
  baseUrl: string,
  tls: EcsTls,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<EcsAnswer<T>> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
  return new Promise((resolve, reject) => {
    const opts = tlsOptions({ cert: tls.cert ?? '', key: tls.key ?? '', ca: tls.ca });
    const session = connect(baseUrl, {
      ...opts,
      ...(tls.cert === undefined ? { cert: undefined, key: undefined } : {}),
    } as never);
    const fail = (cause: Error): void => {
      session.destroy();
      reject(new SbiTransportError(`${method} ${baseUrl}${path}: ${cause.message}`, { cause }));
    };
    session.on('error', fail);
    const req = session.request({
      [constants.HTTP2_HEADER_METHOD]: method,
      [constants.HTTP2_HEADER_PATH]: path,
      accept: 'application/json, application/problem+json',
      ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    });
    req.setTimeout(timeoutMs, () => {
      req.close(constants.NGHTTP2_CANCEL);
      fail(new Error(`timeout after ${timeoutMs} ms`));
    });
    let status = 0;
    let resHeaders: EcsAnswer<T>['headers'] = {};
    const chunks: Buffer[] = [];
    req.on('response', (h) => {
      status = Number(h[constants.HTTP2_HEADER_STATUS]);
      resHeaders = h as EcsAnswer<T>['headers'];
    });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', fail);
    req.on('end', () => {
      session.close();
      const text = Buffer.concat(chunks).toString('utf8');
      let parsed: unknown;
      try {
        parsed = text.length > 0 ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      if (status < 200 || status >= 300) {
        reject(new SbiResponseError(status, parsed as ProblemDetails | undefined));
        return;
      }
      resolve({ status, headers: resHeaders, body: parsed as T });
    });
    req.end(payload);
  });
}

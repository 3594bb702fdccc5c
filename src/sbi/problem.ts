import { CiotsecError } from '../errors/base.js';

/** ProblemDetails of TS 29.571 §5.2.4.1 (RFC 9457 with 3GPP's `cause` and `invalidParams`). */
export interface ProblemDetails {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  cause?: string;
  invalidParams?: { param: string; reason?: string }[];
}

export const PROBLEM_JSON = 'application/problem+json';

/** An error that already knows its HTTP status and 3GPP cause. */
export class HttpProblemError extends CiotsecError {
  readonly code = 'ERR_HTTP_PROBLEM';
  override readonly name = 'HttpProblemError';
  constructor(
    readonly status: number,
    readonly cause3gpp: string,
    message: string,
    readonly invalidParams?: { param: string; reason?: string }[],
  ) {
    super(message);
  }
}

export const unauthenticated = (detail: string): HttpProblemError =>
  new HttpProblemError(401, 'UNAUTHENTICATED', detail);
export const forbidden = (detail: string): HttpProblemError =>
  new HttpProblemError(403, 'UNAUTHORIZED', detail);
export const notFound = (detail: string, cause = 'RESOURCE_NOT_FOUND'): HttpProblemError =>
  new HttpProblemError(404, cause, detail);
export const badRequest = (detail: string, cause = 'INVALID_MSG_FORMAT', param?: string): HttpProblemError =>
  new HttpProblemError(400, cause, detail, param !== undefined ? [{ param, reason: detail }] : undefined);

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  411: 'Length Required',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Domain error codes to (status, cause); one table for every SBI server. */
const BY_CODE: Record<string, { status: number; cause: string }> = {
  ERR_INVALID_INPUT: { status: 400, cause: 'MANDATORY_IE_INCORRECT' },
  ERR_TOO_MANY_VECTORS: { status: 400, cause: 'INVALID_QUERY_PARAM' },
  ERR_SUBSCRIBER_NOT_FOUND: { status: 404, cause: 'USER_NOT_FOUND' },
  ERR_SUBSCRIBER_EXISTS: { status: 409, cause: 'RESOURCE_ALREADY_EXISTS' },
  ERR_AUTS_MAC_FAILURE: { status: 403, cause: 'AUTHENTICATION_REJECTED' },
  ERR_PEER_IDENTITY: { status: 401, cause: 'UNAUTHENTICATED' },
  ERR_E2M_KEY_NOT_FOUND: { status: 404, cause: 'KEY_NOT_FOUND' },
  ERR_UNKNOWN_UE_IDENTITY: { status: 404, cause: 'USER_NOT_FOUND' },
  ERR_UE_NOT_AUTHORISED: { status: 403, cause: 'UE_NOT_AUTHORIZED' },
  ERR_EMSE_SESSION: { status: 404, cause: 'SESSION_NOT_FOUND' },
  ERR_EMSE_ID_MISMATCH: { status: 403, cause: 'EMSE_ID_MISMATCH' },
  ERR_XML: { status: 400, cause: 'INVALID_MSG_FORMAT' },
  // OAuth 2.0 access tokens (RFC 6750 §3.1, RFC 9068 §4; docs/decisions.md D-026)
  ERR_TOKEN_MISSING: { status: 401, cause: 'TOKEN_MISSING' },
  ERR_TOKEN_INVALID: { status: 401, cause: 'TOKEN_INVALID' },
  ERR_TOKEN_EXPIRED: { status: 401, cause: 'TOKEN_EXPIRED' },
  ERR_TOKEN_AUDIENCE: { status: 401, cause: 'TOKEN_AUDIENCE_MISMATCH' },
  ERR_TOKEN_REPLAYED: { status: 401, cause: 'TOKEN_REPLAYED' },
  ERR_TOKEN_SCOPE: { status: 403, cause: 'INSUFFICIENT_SCOPE' },
  // EES onboarding at the ECS (seed 002; D-026)
  ERR_CSR_INVALID: { status: 400, cause: 'INVALID_CSR' },
  ERR_ONBOARDING_INFO: { status: 400, cause: 'MANDATORY_IE_MISSING' },
  ERR_CERTIFICATE_INVALID: { status: 400, cause: 'INVALID_CERTIFICATE' },
  ERR_CERTIFICATE_ISSUER_UNTRUSTED: { status: 403, cause: 'CERTIFICATE_ISSUER_NOT_TRUSTED' },
  ERR_CLIENT_CERTIFICATE_REQUIRED: { status: 401, cause: 'CLIENT_CERTIFICATE_REQUIRED' },
  ERR_CLIENT_CERTIFICATE_EXPIRED: { status: 401, cause: 'CERTIFICATE_EXPIRED' },
  ERR_CLIENT_CERTIFICATE_REVOKED: { status: 401, cause: 'CERTIFICATE_REVOKED' },
  ERR_REGISTRATION_NOT_FOUND: { status: 404, cause: 'RESOURCE_NOT_FOUND' },
  ERR_REGISTRATION_NOT_OWNED: { status: 403, cause: 'REGISTRATION_NOT_OWNED' },
  ERR_EES_ID_IN_USE: { status: 409, cause: 'EES_ID_IN_USE' },
  ERR_EES_ID_MISMATCH: { status: 403, cause: 'EES_ID_MISMATCH' },
  ERR_SECRET_TOKEN_MISMATCH: { status: 403, cause: 'SECRET_TOKEN_MISMATCH' },
};

/** Fastify's own error codes (parsing, limits) to (status, cause). */
const FASTIFY: Record<string, { status: number; cause: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, cause: 'INVALID_MSG_FORMAT' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, cause: 'INVALID_MSG_FORMAT' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, cause: 'INVALID_MSG_FORMAT' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, cause: 'INVALID_MSG_FORMAT' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, cause: 'INVALID_MSG_FORMAT' },
  FST_ERR_VALIDATION: { status: 400, cause: 'INVALID_MSG_FORMAT' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, cause: 'INVALID_MSG_FORMAT' },
};

/**
 * The one mapper from thrown errors to ProblemDetails for every SBI server. 5xx answers hide the
 * internals; 4xx answers say what was wrong.
 */
export function toProblem(err: unknown, instance?: string): ProblemDetails {
  const base = (status: number, cause: string, detail: string): ProblemDetails => ({
    title: TITLES[status] ?? 'Error',
    status,
    cause,
    detail,
    ...(instance !== undefined ? { instance } : {}),
  });
  if (err instanceof HttpProblemError) {
    return {
      ...base(err.status, err.cause3gpp, err.message),
      ...(err.invalidParams !== undefined ? { invalidParams: err.invalidParams } : {}),
    };
  }
  const e = err as { code?: unknown; message?: string; statusCode?: number; validation?: unknown[] };
  if (err instanceof CiotsecError) {
    const m = BY_CODE[err.code];
    if (m !== undefined) {
      const field = (err as { field?: unknown }).field;
      return {
        ...base(m.status, m.cause, err.message),
        ...(typeof field === 'string' ? { invalidParams: [{ param: field, reason: err.message }] } : {}),
      };
    }
  }
  if (typeof e?.code === 'string' && FASTIFY[e.code] !== undefined) {
    const m = FASTIFY[e.code]!;
    const p = base(m.status, m.cause, e.message ?? 'invalid request');
    if (Array.isArray(e.validation)) {
      p.invalidParams = e.validation.map((v) => {
        const x = v as { instancePath?: string; message?: string; params?: { missingProperty?: string } };
        const param = `${x.instancePath ?? ''}${x.params?.missingProperty !== undefined ? `/${x.params.missingProperty}` : ''}`;
        return {
          param: param === '' ? '/' : param,
          ...(x.message !== undefined ? { reason: x.message } : {}),
        };
      });
    }
    return p;
  }
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return base(e.statusCode, 'INVALID_MSG_FORMAT', e.message ?? 'invalid request');
  }
  return base(500, 'SYSTEM_FAILURE', 'internal error');
}

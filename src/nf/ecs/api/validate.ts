import { Ajv, type ValidateFunction } from 'ajv';
import { HttpProblemError } from '../../../sbi/problem.js';
import { EECS_DEFS } from './eecs-schemas.js';

// The schemas are derived from the official TS 29.558 file (eecs-schemas.ts); formats are checked by
// the procedures (expTime), so Ajv needs no format plugin.
const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
const compile = (name: string): ValidateFunction =>
  ajv.compile({ $ref: `#/$defs/${name}`, $defs: EECS_DEFS as unknown as Record<string, object> });

const validators = {
  EESRegistration: compile('TS29558_Eecs_EESRegistration.EESRegistration'),
  EESRegistrationPatch: compile('TS29558_Eecs_EESRegistration.EESRegistrationPatch'),
} as const;

/** A request body against its TS 29.558 schema: 400 INVALID_MSG_FORMAT naming the parameter. */
export function validateRequest(name: keyof typeof validators, body: unknown): Record<string, unknown> {
  const v = validators[name];
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !v(body)) {
    const e = v.errors?.[0];
    const param =
      `${e?.instancePath ?? ''}${(e?.params as { missingProperty?: string } | undefined)?.missingProperty !== undefined ? `/${(e!.params as { missingProperty: string }).missingProperty}` : ''}` ||
      '/';
    throw new HttpProblemError(
      400,
      'INVALID_MSG_FORMAT',
      `${name}: ${param} ${e?.message ?? 'must be an object'}`,
      [{ param, reason: e?.message ?? 'must be an object' }],
    );
  }
  return body as Record<string, unknown>;
}

/** A response body against its schema: a server bug, never sent (the mapper answers 500). */
export function checkResponse(name: keyof typeof validators, body: unknown): void {
  if (!validators[name](body)) throw new Error(`response is not a valid ${name}`);
}

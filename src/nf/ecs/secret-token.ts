import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The optional Secret_token of seed 002 step 4, bound to the ECS-specific EES ID (D-027):
 *   secret_token = base64url(HMAC-SHA-256(K_st, "ciotsec-ecs-secret-token" ‖ 0x00 ‖ registrationId ‖ 0x00 ‖ eesId))
 * K_st is derived from the ECS master key, so the ECS stores no secret per EES; the value is the same for
 * the whole onboarding period (it changes only with a new registration). Checked in constant time.
 */
export function secretTokenFor(key: Buffer, registrationId: string, eesId: string): string {
  return createHmac('sha256', key)
    .update('ciotsec-ecs-secret-token\0')
    .update(registrationId)
    .update('\0')
    .update(eesId)
    .digest('base64url');
}

export function secretTokenMatches(
  key: Buffer,
  registrationId: string,
  eesId: string,
  presented: string,
): boolean {
  const expected = Buffer.from(secretTokenFor(key, registrationId, eesId), 'utf8');
  const given = Buffer.from(presented, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** K_st = HMAC-SHA-256(master key, "ciotsec-ecs-secret-token-key"). */
export function secretTokenKey(masterKey: Uint8Array): Buffer {
  return createHmac('sha256', masterKey).update('ciotsec-ecs-secret-token-key').digest();
}

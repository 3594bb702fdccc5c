import type { X509Certificate } from 'node:crypto';
import type { PemPair } from '../../pki/index.js';
import type { AccessTokenPolicy } from '../ecsp-authz/index.js';
import type { EcsStore } from './store/ecs-store.js';

export interface EcsContext {
  readonly store: EcsStore;
  /** The ECSP CA: issues EES certificates (a trust domain apart from the operator NF CA). */
  readonly ca: PemPair;
  /** The ECSP's trust-anchor policy for third-party EES certificates. */
  readonly trustAnchors: readonly X509Certificate[];
  /** How onboarding tokens are checked (the jti is consumed separately, once the request is valid). */
  readonly tokenPolicy: Omit<AccessTokenPolicy, 'consumeJti'>;
  readonly registration: { readonly defaultSeconds: number; readonly maxSeconds: number };
  readonly certificateValidDays: number;
  /** Key of the secret tokens (secret-token.ts); undefined: the ECS generates none. */
  readonly secretTokenKey: Buffer | undefined;
  readonly now: () => Date;
}

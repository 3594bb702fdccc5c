import { hssConfig, DEFAULT_HSS_CONFIG, type HssConfig } from './config.js';
import { createHssContext, type HssDeps } from './context.js';
import { generateAuthVectors, type GenerateAuthVectorsRequest } from './procedures/generate-auth-vectors.js';
import { resynchronise, type ResynchroniseRequest } from './procedures/resynchronise.js';

/**
 * The HSS's authentication core: vector generation and resynchronisation over a SubscriberStore.
 * The network-facing server wraps these procedures.
 *
 * @example
 * const hss = createHss({ config: hssConfig(), store });
 * const { vectors } = await hss.generateAuthVectors({ imsi, count: 1 });
 */
export function createHss(deps: HssDeps) {
  const ctx = createHssContext(deps);
  return {
    generateAuthVectors: (req: GenerateAuthVectorsRequest) => generateAuthVectors(ctx, req),
    resynchronise: (req: ResynchroniseRequest) => resynchronise(ctx, req),
  } as const;
}

export type Hss = ReturnType<typeof createHss>;
export { hssConfig, DEFAULT_HSS_CONFIG, type HssConfig, type HssDeps };
export type { GenerateAuthVectorsRequest, ResynchroniseRequest };
export { TooManyVectorsError } from './errors.js';
export { startHssServer, type HssServer } from './server.js';
export { hssServerConfigSchema, HSS_ENV, type HssServerConfig } from './server-config.js';
export {
  authenticationInfo,
  type AuthenticationInfoRequest,
  type AuthenticationInfoResult,
  type VectorType,
} from './procedures/authentication-info.js';
export { OutboxDispatcher, backoffMs } from './outbox-dispatcher.js';
export { EMKS_ANCHOR_KEYS_PATH, type E2mAnchorKeyInfo } from './clients/emks.js';
export { hssChannels, type VectorsGeneratedEvent, type ResyncEvent } from './events.js';

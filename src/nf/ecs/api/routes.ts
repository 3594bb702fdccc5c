import type { FastifyInstance } from 'fastify';
import type { EcsContext } from '../context.js';
import { registerCreateEesRegistration } from './create-ees-registration.js';
import { registerDeleteIndEesReg } from './delete-ind-ees-reg.js';
import { registerGetIndEesReg } from './get-ind-ees-reg.js';
import { MERGE_PATCH_JSON, registerModifyIndEesReg } from './modify-ind-ees-reg.js';
import { registerUpdateIndEesReg } from './update-ind-ees-reg.js';

/** EDGE-6 Eecs_EESRegistration (TS 29.558), one handler per operationId of the official file. */
export function registerEcsRoutes(app: FastifyInstance, ctx: EcsContext): void {
  app.addContentTypeParser(
    MERGE_PATCH_JSON,
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  registerCreateEesRegistration(app, ctx);
  registerGetIndEesReg(app, ctx);
  registerUpdateIndEesReg(app, ctx);
  registerModifyIndEesReg(app, ctx);
  registerDeleteIndEesReg(app, ctx);
}

import { CoapCode, type CoapHandler, coapCodeName } from '../../../coap/index.js';
import { emseEvents } from '../events.js';
import type { MeasurementLog } from '../measurement-log.js';
import { postMeasurement } from './measurements.js';
import { getStatus } from './status.js';

export interface EmseResourceContext {
  readonly emseId: string;
  readonly log: MeasurementLog;
  readonly now: () => Date;
}

const METHODS: Record<number, string> = { 1: 'GET', 2: 'POST', 3: 'PUT', 4: 'DELETE' };

/** The CoAP resources of one session, whose peer is `ueId` (authenticated by e2m_key). */
export function emseResources(
  ctx: EmseResourceContext,
  session: { transport: 'dtls' | 'tls'; peer: string; ueId: string },
): CoapHandler {
  return (request) => {
    const route = (): ReturnType<CoapHandler> => {
      if (request.path === 'measurements')
        return request.method === CoapCode.POST
          ? postMeasurement(ctx.log, session.ueId, ctx.now, request)
          : { code: CoapCode.METHOD_NOT_ALLOWED };
      if (request.path === 'status')
        return request.method === CoapCode.GET
          ? getStatus(ctx.log, ctx.emseId, session.ueId)
          : { code: CoapCode.METHOD_NOT_ALLOWED };
      return { code: CoapCode.NOT_FOUND };
    };
    const response = route();
    emseEvents.coap({
      ...session,
      method: METHODS[request.method] ?? coapCodeName(request.method),
      path: request.path,
      code: coapCodeName(response.code),
    });
    return response;
  };
}

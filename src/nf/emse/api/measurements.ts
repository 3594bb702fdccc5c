import { CoapCode, type CoapRequest, type CoapResponse } from '../../../coap/index.js';
import type { MeasurementLog } from '../measurement-log.js';

/** Largest measurement accepted in one request (a CoAP datagram without blockwise transfer). */
export const MAX_MEASUREMENT_BYTES = 1024;

/** POST /measurements: stores the payload for the authenticated UE and echoes it in 2.01 Created. */
export function postMeasurement(
  log: MeasurementLog,
  ueId: string,
  now: () => Date,
  request: CoapRequest,
): CoapResponse {
  if (request.payload.length > MAX_MEASUREMENT_BYTES) return { code: CoapCode.REQUEST_ENTITY_TOO_LARGE };
  log.add({ ueId, at: now(), contentFormat: request.contentFormat, payload: request.payload });
  return {
    code: CoapCode.CREATED,
    ...(request.contentFormat === undefined ? {} : { contentFormat: request.contentFormat }),
    payload: request.payload,
  };
}

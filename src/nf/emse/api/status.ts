import { CoapCode, CoapContentFormat, type CoapResponse } from '../../../coap/index.js';
import type { MeasurementLog } from '../measurement-log.js';

/** GET /status: who the EMSE is, who the peer is (as authenticated by its PSK), and a count. */
export function getStatus(log: MeasurementLog, emseId: string, ueId: string): CoapResponse {
  return {
    code: CoapCode.CONTENT,
    contentFormat: CoapContentFormat.JSON,
    payload: Buffer.from(
      JSON.stringify({ emse: emseId, ue: ueId, measurements: log.recent(ueId).length }),
      'utf8',
    ),
  };
}

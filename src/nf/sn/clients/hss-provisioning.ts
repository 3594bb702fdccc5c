import { SbiClient } from '../../../sbi/client.js';
import type { TlsMaterial } from '../../../sbi/tls-profile.js';
import type { CxParameters } from '../../../initial-attach/messages.js';

export interface HssProvisioner {
  provision(cx: CxParameters): Promise<void>;
  close(): void;
}

/** POST /hss-prov/v1/subscribers as NF type 'sn' (the HSS must list 'sn' in authorization.provisioning). */
export function hssProvisioner(o: { baseUrl: string; tls: TlsMaterial }): HssProvisioner {
  const client = new SbiClient({ baseUrl: o.baseUrl, tls: o.tls, timeoutMs: 5000 });
  return {
    async provision(cx) {
      await client.json('POST', '/hss-prov/v1/subscribers', {
        imsi: cx.imsi,
        k: cx.k.toString('hex'),
        opc: cx.opc.toString('hex'),
        amf: cx.amf.toString('hex'),
      });
    },
    close: () => client.close(),
  };
}

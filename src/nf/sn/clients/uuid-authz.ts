import { X509Certificate } from 'node:crypto';
import { pointFromPublicKey } from '../../../crypto/ecdsa.js';
import { verifyToken } from '../../../initial-attach/atk.js';
import {
  AUTHORISATION_FIELDS,
  authorisationFromFields,
  type Authorisation,
} from '../../../initial-attach/authorisation.js';
import { formatUuid } from '../../../initial-attach/uuid-ue.js';
import { SbiClient } from '../../../sbi/client.js';
import type { TlsMaterial } from '../../../sbi/tls-profile.js';
import { initialAttachEvents } from '../initial-attach/events.js';

/** The serving network's view of one Authorization Server. */
export interface AuthzPort {
  authorise(uuid: Buffer): Promise<Authorisation>;
  acknowledge(authzId: Buffer): Promise<void>;
  close(): void;
}

/**
 * Client of an Authorization Server over mutual TLS (steps 2, 3 and the Acknowledge). The signed
 * authorisation is verified with the key of the server's certificate (`authzCertPem`, P-256 of the
 * operator PKI) before it is used.
 */
export function uuidAuthzClient(o: { baseUrl: string; tls: TlsMaterial; authzCertPem: string }): AuthzPort {
  const client = new SbiClient({ baseUrl: o.baseUrl, tls: o.tls, timeoutMs: 5000 });
  const point = pointFromPublicKey('P-256', new X509Certificate(o.authzCertPem).publicKey);
  return {
    async authorise(uuid) {
      const body = { uuid: formatUuid(uuid) };
      initialAttachEvents.message({
        step: '2 Initial Attach Service Request',
        from: 'sn',
        to: 'authz',
        bytes: JSON.stringify(body).length,
      });
      const r = await client.json<{ authorisation: string }>(
        'POST',
        '/uuid-authz/v1/initial-attach-authorisations',
        body,
      );
      initialAttachEvents.message({
        step: '3 Initial Attach Service Response',
        from: 'authz',
        to: 'sn',
        bytes: JSON.stringify(r.body).length,
      });
      const token = Buffer.from(r.body.authorisation, 'base64url');
      return authorisationFromFields(
        verifyToken('P-256', point, token, 'authorisation', AUTHORISATION_FIELDS),
      );
    },
    async acknowledge(authzId) {
      initialAttachEvents.message({
        step: '9 Initial Attach Service Acknowledge',
        from: 'sn',
        to: 'authz',
        bytes: 0,
      });
      await client.request(
        'POST',
        `/uuid-authz/v1/initial-attach-authorisations/${authzId.toString('hex')}/acknowledge`,
      );
    },
    close: () => client.close(),
  };
}

import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/load.js';
import {
  authzServerConfigSchema,
  hashClientSecret,
  requestAccessToken,
  startAuthzServer,
  type AuthzServerConfig,
} from '../../nf/ecsp-authz/index.js';
import { ecsServerConfigSchema, startEcsServer, type EcsServerConfig } from '../../nf/ecs/index.js';
import { EesRegistrationClient, onboardEes } from '../../nf/ees/index.js';
import { SbiResponseError } from '../../sbi/index.js';

export interface EdgeDemoStep {
  readonly step: string;
  readonly detail: Record<string, string | number | boolean>;
}

/**
 * Seed 002 (Solution #12) over real sockets: the ECSP's authorization server and ECS on 127.0.0.1, an
 * EES provider obtaining an onboarding token, the EES onboarding, updating and deregistering over
 * mutual TLS. Tokens, keys and the secret token are never in the output.
 */
export async function runEdgeDemo(): Promise<EdgeDemoStep[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ciotsec-edge-demo-'));
  const ecspDir = join(dir, 'ecsp');
  const clientSecret = 'demo-provider-secret';
  const authz = await startAuthzServer(
    loadConfig<AuthzServerConfig>(authzServerConfigSchema, {
      overrides: {
        'listen.port': 0,
        ecspDir,
        signingKey: join(ecspDir, 'authz-signing.key'),
        issuer: 'https://as.ecsp.demo',
        clients: [
          {
            clientId: 'ees-provider-1',
            secretSha256: hashClientSecret(clientSecret),
            scopes: ['eecs-eesregistration'],
            audience: 'urn:ciotsec:ecs',
          },
        ],
      },
    }),
  );
  const ecs = await startEcsServer(
    loadConfig<EcsServerConfig>(ecsServerConfigSchema, {
      overrides: {
        'listen.port': 0,
        dataDir: dir,
        ecspDir,
        'store.sqlite': join(dir, 'ecs.db'),
        'onboarding.issuer': 'https://as.ecsp.demo',
        'onboarding.tokenKey': join(ecspDir, 'authz-signing.key.pub'),
      },
    }),
  );
  const steps: EdgeDemoStep[] = [];
  try {
    const rootCaPem = readFileSync(join(ecspDir, 'ca.crt'), 'utf8');
    // Step 1: onboarding credentials — ECS address, root CA certificate, OAuth 2.0 access token.
    const t = await requestAccessToken(authz.url, rootCaPem, { clientId: 'ees-provider-1', clientSecret });
    steps.push({
      step: 'ecsp-token',
      detail: {
        grant: 'client_credentials',
        token_type: t.token_type,
        scope: t.scope,
        expires_in: t.expires_in,
      },
    });
    // Steps 2–5: TLS to the ECS, key pair and CSR, registration, certificate.
    const ees = await onboardEes(
      { ecsUrl: ecs.url, rootCaPem, accessToken: t.access_token },
      {
        profile: {
          eesId: 'ees-demo-1',
          endPt: { uri: 'https://ees-demo-1.edge.example' },
          eecRegConf: false,
        },
      },
    );
    const cert = new X509Certificate(ees.certPem);
    steps.push({
      step: 'ees-onboard',
      detail: {
        registration_id: ees.registrationId,
        ees_identity: ees.eesIdentity,
        certificate_issuer: cert.issuer.replace(/\n/g, ', '),
        certificate_verifies_under_ecsp_ca: cert.verify(new X509Certificate(rootCaPem).publicKey),
        certificate_sha256: cert.fingerprint256.replace(/:/g, '').toLowerCase().slice(0, 16),
        secret_token_issued: ees.secretToken !== undefined,
        exp_time: ees.expTime,
      },
    });
    const c = new EesRegistrationClient(ecs.url, rootCaPem, ees);
    const updated = await c.modify({
      eesProf: {
        eesId: 'ees-demo-1',
        endPt: { uri: 'https://ees-demo-1.edge.example' },
        eecRegConf: false,
        easIds: ['eas-video'],
      },
    });
    steps.push({
      step: 'ees-update',
      detail: {
        method: 'PATCH over mutual TLS',
        eas_ids: JSON.stringify((updated['eesProf'] as { easIds?: string[] }).easIds ?? []),
      },
    });
    await c.deregister();
    let refusedAfter = '';
    try {
      await c.get();
    } catch (e) {
      refusedAfter = e instanceof SbiResponseError ? `${e.status} ${e.problem?.cause ?? ''}` : 'error';
    }
    steps.push({
      step: 'ees-deregister',
      detail: {
        method: 'DELETE over mutual TLS',
        certificate_revoked: refusedAfter === '401 CERTIFICATE_REVOKED',
        afterwards: refusedAfter,
      },
    });
  } finally {
    await ecs.close();
    await authz.close();
  }
  return steps;
}

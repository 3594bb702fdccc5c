import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config/load.js';
import { issueAccessToken, EECS_EES_REGISTRATION_SCOPE } from '../../src/nf/ecsp-authz/index.js';
import {
  ecsServerConfigSchema,
  startEcsServer,
  type EcsServer,
  type EcsServerConfig,
} from '../../src/nf/ecs/index.js';

/** A clock tests move by hand. */
export class TestClock {
  #t: number;
  constructor(start = Date.now()) {
    this.#t = start;
  }
  readonly now = (): Date => new Date(this.#t);
  advance(ms: number): void {
    this.#t += ms;
  }
}

export interface EdgeFixture {
  readonly dir: string;
  readonly cfg: EcsServerConfig;
  ecs: EcsServer;
  readonly clock: TestClock;
  readonly rootCaPem: string;
  /** An onboarding token from the ECSP authorization server's key (in-process). */
  token(o?: {
    audience?: string;
    scope?: string;
    ttlSeconds?: number;
    now?: Date;
    issuer?: string;
  }): Promise<string>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

const ISSUER = 'https://as.ecsp.test';
const AUDIENCE = 'urn:ciotsec:ecs:test';

/** An ECS on 127.0.0.1 with an ephemeral port, its own ECSP directory and SQLite store. */
export async function startEdge(
  o: { trustAnchors?: string[]; clock?: TestClock; clockToleranceSeconds?: number } = {},
): Promise<EdgeFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'ciotsec-edge-'));
  const clock = o.clock ?? new TestClock();
  const cfg = loadConfig<EcsServerConfig>(ecsServerConfigSchema, {
    overrides: {
      'listen.port': 0,
      dataDir: dir,
      ecspDir: join(dir, 'ecsp'),
      'store.sqlite': join(dir, 'ecs.db'),
      'onboarding.issuer': ISSUER,
      'onboarding.audience': AUDIENCE,
      'onboarding.tokenKey': join(dir, 'ecsp', 'authz-signing.key.pub'),
      trustAnchors: o.trustAnchors ?? [],
      'registration.defaultSeconds': 3600,
      'registration.maxSeconds': 7200,
      'onboarding.clockToleranceSeconds': o.clockToleranceSeconds ?? 0,
    },
  });
  let ecs = await startEcsServer(cfg, { now: clock.now });
  const signingKey = createPrivateKey(readFileSync(join(dir, 'ecsp', 'authz-signing.key'), 'utf8'));
  const f: EdgeFixture = {
    dir,
    cfg,
    ecs,
    clock,
    rootCaPem: readFileSync(join(dir, 'ecsp', 'ca.crt'), 'utf8'),
    token: (t = {}) =>
      issueAccessToken(signingKey, {
        issuer: t.issuer ?? ISSUER,
        clientId: 'ees-provider-1',
        audience: t.audience ?? AUDIENCE,
        scope: t.scope ?? EECS_EES_REGISTRATION_SCOPE,
        ttlSeconds: t.ttlSeconds ?? 600,
        now: t.now ?? clock.now(),
        jti: randomUUID(),
      }),
    async restart() {
      await f.ecs.close();
      // The same port, so that URLs stay valid.
      const port = Number(new URL(f.ecs.url).port);
      ecs = await startEcsServer({ ...cfg, listen: { host: '127.0.0.1', port } }, { now: clock.now });
      f.ecs = ecs;
    },
    close: () => f.ecs.close(),
  };
  return f;
}

export function writeTemp(dir: string, name: string, data: string): string {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
}

/** A minimal valid EESProfile. */
export const profile = (eesId: string): { eesId: string; endPt: { uri: string }; eecRegConf: boolean } => ({
  eesId,
  endPt: { uri: `https://${eesId}.edge.example:8443` },
  eecRegConf: false,
});

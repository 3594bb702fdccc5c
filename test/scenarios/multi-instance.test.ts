import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config/load.js';
import { initPki, loadTls, nfFiles } from '../../src/pki/index.js';
import { SbiClient } from '../../src/sbi/index.js';
import { hssServerConfigSchema, startHssServer, type HssServerConfig } from '../../src/nf/hss/index.js';
import { emksServerConfigSchema, startEmksServer, type EmksServerConfig } from '../../src/nf/emks/index.js';
import { EmksKeyClient } from '../../src/nf/emse/index.js';
import { outboxDrained } from '../../src/cli/scenarios/network.js';
import { backends, PG_URL } from '../helpers/backends.js';

const hasPg = (await backends()).some((b) => b.name === 'postgres');

test(
  'two HSS and two EMKS instances share PostgreSQL: distinct SQNs, keys pushed via one are served by the other',
  { skip: hasPg ? false : 'PostgreSQL not reachable' },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ciotsec-multi-'));
    const pkiDir = join(dir, 'pki');
    await initPki(
      pkiDir,
      ['hss', 'emks', 'sn', 'oam']
        .map((t) => ({ type: t, instance: t }))
        .concat([{ type: 'emse', instance: 'emse-1' }]),
    );
    const schema = `ciotsec_m_${randomBytes(5).toString('hex')}`;
    const env = { CIOTSEC_MASTER_KEY: randomBytes(32).toString('hex') };
    const base = {
      'listen.port': 0,
      dataDir: dir,
      'pki.dir': pkiDir,
      'store.postgres': PG_URL,
      'store.schema': schema,
    };
    const emks = await Promise.all(
      [0, 1].map(() =>
        startEmksServer(loadConfig<EmksServerConfig>(emksServerConfigSchema, { overrides: base }), env),
      ),
    );
    const hss = await Promise.all(
      [0, 1].map((i) =>
        startHssServer(
          loadConfig<HssServerConfig>(hssServerConfigSchema, {
            overrides: { ...base, 'emks.url': emks[i]!.url, 'outbox.pollMs': 100, 'outbox.retryMinMs': 20 },
          }),
          env,
        ),
      ),
    );
    const tls = (t: string, i = t) => loadTls(nfFiles(pkiDir, { type: t, instance: i }));
    const sn = hss.map((h) => new SbiClient({ baseUrl: h.url, tls: tls('sn') }));
    const oamHss = new SbiClient({ baseUrl: hss[0]!.url, tls: tls('oam') });
    const oamEmks = new SbiClient({ baseUrl: emks[1]!.url, tls: tls('oam') });
    const kc = new EmksKeyClient({ emksUrl: emks[1]!.url, tls: tls('emse', 'emse-1'), emseId: 'emse-1' });
    const imsi = '001010000000401';
    try {
      await oamHss.json('POST', '/hss-prov/v1/subscribers', {
        imsi,
        k: randomBytes(16).toString('hex'),
        opc: randomBytes(16).toString('hex'),
        profile: { e2m: true },
      });
      await oamEmks.json('PUT', '/nemks-prov/v1/authorisations/emse-1', { ueIds: [`imsi-${imsi}`] });
      const replies = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          sn[i % 2]!.json<{ authenticationVectors: { rand: string; autn: string }[] }>(
            'POST',
            `/hss-ueau/v1/${imsi}/authentication-info`,
            { vectorType: 'umts' },
          ),
        ),
      );
      const autns = replies.map((r) => r.body.authenticationVectors[0]!.autn);
      // Distinct SQNs show as distinct SQN⊕AK only per RAND; check the stored SQN instead: 30 increments.
      const stored = await hss[1]!.store.get(imsi);
      assert.equal(Math.floor(stored!.sqn / 32), 30, 'SEQ advanced once per vector across both instances');
      assert.equal(new Set(autns).size, 30);
      assert.ok(await outboxDrained(hss[0]!));
      assert.ok(await outboxDrained(hss[1]!));
      const keyIds = replies.map((r) => r.body.authenticationVectors[0]!.rand.slice(24));
      // EMKS 1 serves the newest keys, whichever HSS pushed them (retention 3).
      const newest = (await emks[1]!.store.listKeyIds(imsi)).map((b) => b.toString('hex'));
      assert.equal(newest.length, 3);
      for (const k of newest) assert.ok(keyIds.includes(k));
      assert.ok(await kc.getKey(`imsi-${imsi}`, newest[0]!));
    } finally {
      kc.close();
      sn.forEach((c) => c.close());
      oamHss.close();
      oamEmks.close();
      for (const h of hss) await h.close();
      for (const e of emks) await e.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  },
);

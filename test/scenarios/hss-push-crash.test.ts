import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretKey } from '../../src/crypto/secret-key.js';
import { loadConfig } from '../../src/config/load.js';
import { initPki, loadTls, nfFiles } from '../../src/pki/index.js';
import { SbiClient } from '../../src/sbi/index.js';
import { hssServerConfigSchema, startHssServer, type HssServerConfig } from '../../src/nf/hss/index.js';
import { SqliteEmksStore } from '../../src/nf/emks/index.js';
import { outboxDrained } from '../../src/cli/scenarios/network.js';
import { repoRoot } from '../helpers/repo.js';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** `ciotsec serve emks` as its own process; resolves once it listens. */
async function spawnEmks(env: NodeJS.ProcessEnv, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(repoRoot(), 'bin', 'ciotsec.js'), 'serve', 'emks', '--port', String(port), '--json'],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('emks did not start')), 15_000);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('"listening"')) {
        clearTimeout(t);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`emks exited with ${code}`)));
  });
  return child;
}

/** PKI, an HSS pushing to an EMKS port that is not yet served, and SN/OAM clients, in a fresh directory. */
async function outageNetwork(name: string, retryMaxMs: number, emksExtraEnv: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), `ciotsec-${name}-`));
  const pkiDir = join(dir, 'pki');
  await initPki(
    pkiDir,
    ['hss', 'emks', 'sn', 'oam'].map((t) => ({ type: t, instance: t })),
  );
  const masterHex = randomBytes(32).toString('hex');
  const port = await freePort();
  const emksEnv = {
    ...process.env,
    CIOTSEC_MASTER_KEY: masterHex,
    CIOTSEC_PKI_DIR: pkiDir,
    CIOTSEC_DATA_DIR: dir,
    CIOTSEC_EMKS_DB: join(dir, 'emks.db'),
    ...emksExtraEnv,
  };
  const cfg = loadConfig<HssServerConfig>(hssServerConfigSchema, {
    overrides: {
      'listen.port': 0,
      dataDir: dir,
      'pki.dir': pkiDir,
      'store.sqlite': join(dir, 'hss.db'),
      'emks.url': `https://127.0.0.1:${port}`,
      'outbox.retryMinMs': 20,
      'outbox.retryMaxMs': retryMaxMs,
      'outbox.pollMs': 50,
    },
  });
  const hss = await startHssServer(cfg, { CIOTSEC_MASTER_KEY: masterHex });
  const tls = (t: string) => loadTls(nfFiles(pkiDir, { type: t, instance: t }));
  const oam = new SbiClient({ baseUrl: hss.url, tls: tls('oam') });
  const sn = new SbiClient({ baseUrl: hss.url, tls: tls('sn') });
  return { dir, masterHex, port, emksEnv, hss, oam, sn };
}

test(
  'kill -9 the EMKS while the HSS pushes: after restart every key is there exactly once',
  { timeout: 60_000 },
  async () => {
    const { dir, masterHex, port, emksEnv, hss, oam, sn } = await outageNetwork('crash', 200, {
      CIOTSEC_EMKS_RETENTION: '64',
    });
    let emks = await spawnEmks(emksEnv, port);
    const imsi = '001010000000301';
    const issued: string[] = [];
    try {
      await oam.json('POST', '/hss-prov/v1/subscribers', {
        imsi,
        k: randomBytes(16).toString('hex'),
        opc: randomBytes(16).toString('hex'),
        profile: { e2m: true },
      });
      for (let i = 0; i < 20; i++) {
        if (i === 8) {
          emks.kill('SIGKILL');
          await new Promise((r) => emks.once('exit', r));
        }
        const r = await sn.json<{ authenticationVectors: { rand: string }[] }>(
          'POST',
          `/hss-ueau/v1/${imsi}/authentication-info`,
          {
            vectorType: 'umts',
            numVectors: 2,
          },
        );
        for (const v of r.body.authenticationVectors) issued.push(v.rand.slice(24));
      }
      assert.ok(
        (await hss.store.outbox.pending()) > 0,
        'keys issued while the EMKS was down wait in the outbox',
      );
      emks = await spawnEmks(emksEnv, port);
      assert.ok(await outboxDrained(hss, 20_000), 'the outbox drains after the restart');
    } finally {
      oam.close();
      sn.close();
      await hss.close();
      emks.kill('SIGTERM');
      await new Promise((r) => emks.once('exit', r));
    }
    const store = SqliteEmksStore.open(join(dir, 'emks.db'), SecretKey.from(Buffer.from(masterHex, 'hex')));
    const stored = (await store.listKeyIds(imsi)).map((b) => b.toString('hex'));
    await store.close();
    assert.equal(issued.length, 40);
    assert.equal(stored.length, 40, 'no key lost, none duplicated');
    assert.deepEqual([...stored].sort(), [...issued].sort());
  },
);

test(
  'after an outage with the default retention (3) the EMKS keeps the three newest keys the HSS issued',
  { timeout: 60_000 },
  async () => {
    const { dir, masterHex, port, emksEnv, hss, oam, sn } = await outageNetwork('crash3', 400);
    const imsi = '001010000000302';
    const issued: string[] = [];
    let emks: ChildProcess | undefined;
    try {
      await oam.json('POST', '/hss-prov/v1/subscribers', {
        imsi,
        k: randomBytes(16).toString('hex'),
        opc: randomBytes(16).toString('hex'),
        profile: { e2m: true },
      });
      // The EMKS is down while eight vectors are issued; the outbox retries with random back-off.
      for (let i = 0; i < 8; i++) {
        const r = await sn.json<{ authenticationVectors: { rand: string }[] }>(
          'POST',
          `/hss-ueau/v1/${imsi}/authentication-info`,
          { vectorType: 'umts' },
        );
        issued.push(r.body.authenticationVectors[0]!.rand.slice(24));
        await new Promise((r) => setTimeout(r, 30));
      }
      emks = await spawnEmks(emksEnv, port);
      assert.ok(await outboxDrained(hss, 20_000));
    } finally {
      oam.close();
      sn.close();
      await hss.close();
      if (emks !== undefined) {
        emks.kill('SIGTERM');
        await new Promise((r) => emks!.once('exit', r));
      }
    }
    const store = SqliteEmksStore.open(join(dir, 'emks.db'), SecretKey.from(Buffer.from(masterHex, 'hex')));
    const stored = (await store.listKeyIds(imsi)).map((b) => b.toString('hex'));
    await store.close();
    assert.deepEqual(
      stored,
      issued.slice(-3).reverse(),
      'the newest three, newest first, whatever the arrival order',
    );
  },
);

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repo.js';
import { startDevNetwork, type DevNetwork } from '../../src/cli/scenarios/network.js';

// The operator commands of the README ("Running the network functions") as processes against running
// functions: pki init, hss subscriber add|show|remove, emks identity set, emks authorise, emks audit.
const bin = join(repoRoot(), 'bin', 'ciotsec.js');
let net: DevNetwork;

function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, CIOTSEC_PKI_DIR: join(net.dir, 'pki') },
    });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
  });
}

before(async () => {
  net = await startDevNetwork();
});
after(async () => {
  await net.close();
});

test('pki init creates the CA and the default function certificates, and refuses to overwrite without --force', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ciotsec-pki-cli-'));
  const r = await run(['pki', 'init', '--dir', dir, '--nf', 'hss', '--nf', 'emse:emse-9', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { issued: { nf: string }[] };
  assert.deepEqual(
    out.issued.map((i) => i.nf),
    ['hss:hss', 'emse:emse-9'],
  );
  const again = await run(['pki', 'init', '--dir', dir, '--nf', 'hss']);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /--force/);
  assert.equal((await run(['pki', 'init', '--dir', dir, '--nf', 'hss', '--force'])).status, 0);
});

test('hss subscriber add, show and remove against a running HSS; K/OPc never printed; duplicates and wrong peers refused', async () => {
  const k = '465b5ce8b199b49faa5f0a2ee238a6bc';
  const add = await run([
    'hss',
    'subscriber',
    'add',
    '--hss',
    net.hss.url,
    '--imsi',
    '001010000000991',
    '--k',
    k,
    '--op',
    'cdc202d5123e20f62b6d676ac72cb318',
    '--e2m',
    '--json',
  ]);
  assert.equal(add.status, 0, add.stderr);
  const v = JSON.parse(add.stdout) as Record<string, unknown>;
  assert.equal(v['e2m'], true);
  assert.match(String(v['k_fp']), /^[0-9a-f]{16}$/);
  assert.ok(!add.stdout.includes(k));
  const show = await run([
    'hss',
    'subscriber',
    'show',
    '--hss',
    net.hss.url,
    '--imsi',
    '001010000000991',
    '--json',
  ]);
  assert.equal(show.status, 0, show.stderr);
  assert.equal((JSON.parse(show.stdout) as { sqn: number }).sqn, 0);
  const dup = await run([
    'hss',
    'subscriber',
    'add',
    '--hss',
    net.hss.url,
    '--imsi',
    '001010000000991',
    '--k',
    k,
    '--opc',
    k,
  ]);
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /409/);
  // Pointed at the EMKS, the command refuses to talk: the server is not an HSS.
  const wrong = await run(['hss', 'subscriber', 'show', '--hss', net.emks.url, '--imsi', '001010000000991']);
  assert.equal(wrong.status, 1);
  assert.match(wrong.stderr, /expected a 'hss'/);
  // An EMSE may not read subscribers.
  const asSn = await run([
    'hss',
    'subscriber',
    'show',
    '--hss',
    net.hss.url,
    '--imsi',
    '001010000000991',
    '--as',
    'emse:emse-1',
  ]);
  assert.equal(asSn.status, 1);
  assert.match(asSn.stderr, /403/);
  assert.equal(
    (await run(['hss', 'subscriber', 'remove', '--hss', net.hss.url, '--imsi', '001010000000991'])).status,
    0,
  );
  assert.equal(
    (await run(['hss', 'subscriber', 'show', '--hss', net.hss.url, '--imsi', '001010000000991'])).status,
    1,
  );
});

test('emks identity set, authorise and audit against a running EMKS', async () => {
  const id = await run([
    'emks',
    'identity',
    'set',
    '--emks',
    net.emks.url,
    '--ue-id',
    'meter-cli@iot',
    '--imsi',
    '001010000000992',
    '--json',
  ]);
  assert.equal(id.status, 0, id.stderr);
  assert.equal(await net.emks.store.resolveIdentity('meter-cli@iot'), '001010000000992');
  const auth = await run([
    'emks',
    'authorise',
    '--emks',
    net.emks.url,
    '--emse',
    'emse-1',
    '--ue-id',
    'meter-cli@iot',
  ]);
  assert.equal(auth.status, 0, auth.stderr);
  assert.equal(await net.emks.store.isAuthorised('emse-1', 'meter-cli@iot'), true);
  const audit = await run(['emks', 'audit', '--emks', net.emks.url, '--json']);
  assert.equal(audit.status, 0, audit.stderr);
  assert.ok(Array.isArray((JSON.parse(audit.stdout) as { records: unknown[] }).records));
  const missing = await run(['emks', 'authorise', '--emks', net.emks.url, '--emse', 'emse-1']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--ue-id/);
});

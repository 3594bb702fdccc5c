import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { hex, loadVectors, repoRoot } from '../helpers/repo.js';

async function cli(...argv: string[]): Promise<{ status: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, out, err };
}

const json = (lines: string[]): Record<string, string> => {
  assert.equal(lines.length, 1, 'one JSON line');
  return JSON.parse(lines[0]!) as Record<string, string>;
};

interface MilenageVector {
  set: number;
  k: string;
  op: string;
  opc: string;
  rand: string;
  sqn: string;
  amf: string;
  f1: string;
  f1star: string;
  f2: string;
  f3: string;
  f4: string;
  f5: string;
  f5star: string;
}
const set1 = loadVectors<MilenageVector>('ts35208/milenage.json').vectors.find((v) => v.set === 1)!;
const h = (s: string): string => hex(s).toString('hex');

test('ciotsec milenage --json answers {opc, mac_a, mac_s, res, ck, ik, ak, ak_star, autn} in lower-case hex', async () => {
  for (const opArg of [
    ['--op', set1.op.toUpperCase()],
    ['--opc', set1.opc],
  ]) {
    const r = await cli(
      'milenage',
      '--k',
      set1.k,
      ...opArg,
      '--rand',
      set1.rand,
      '--sqn',
      set1.sqn,
      '--amf',
      set1.amf,
      '--json',
    );
    assert.equal(r.status, 0, r.err.join());
    const o = json(r.out);
    assert.deepEqual(Object.keys(o), ['opc', 'mac_a', 'mac_s', 'res', 'ck', 'ik', 'ak', 'ak_star', 'autn']);
    for (const v of Object.values(o)) assert.match(v, /^[0-9a-f]+$/);
    const sqnXorAk = Buffer.from(h(set1.sqn), 'hex').map((b, i) => b ^ hex(set1.f5)[i]!);
    assert.deepEqual(o, {
      opc: h(set1.opc),
      mac_a: h(set1.f1),
      mac_s: h(set1.f1star),
      res: h(set1.f2),
      ck: h(set1.f3),
      ik: h(set1.f4),
      ak: h(set1.f5),
      ak_star: h(set1.f5star),
      autn: Buffer.from(sqnXorAk).toString('hex') + h(set1.amf) + h(set1.f1),
    });
  }
});

test('ciotsec aka resync --json answers {sqn_ms}; a failed MAC-S exits 1 with a clear message', async () => {
  const v = {
    k: 'eb215756028d60e3275e613320aec880',
    opc: 'fb2a3d1b360f599abab99db8669f8308',
    rand: '39fa2f4e3d523d8619a73b4f65c3e14d',
    auts: '979498b1f72d3e28c59fa2e72f9c',
  };
  const ok = await cli(
    'aka',
    'resync',
    '--k',
    v.k,
    '--opc',
    v.opc,
    '--rand',
    v.rand,
    '--auts',
    v.auts,
    '--json',
  );
  assert.equal(ok.status, 0, ok.err.join());
  assert.deepEqual(json(ok.out), { sqn_ms: '000000000017' });
  const bad = await cli(
    'aka',
    'resync',
    '--k',
    v.k,
    '--opc',
    v.opc,
    '--rand',
    v.rand,
    '--auts',
    v.auts.slice(0, -1) + 'd',
  );
  assert.equal(bad.status, 1);
  assert.equal(bad.out.length, 0);
  assert.equal(bad.err.length, 1);
  assert.match(bad.err[0]!, /MAC-S/);
});

test('ciotsec kdf: generic KDF with repeated and empty --param; two-octet FC', async () => {
  // K_ASME from TS 33.401 A.2 through the generic command equals the named derivation's vector.
  const kv = loadVectors<{ ck: string; ik: string; plmn: string; sqn_xor_ak: string; kasme: string }>(
    'kasme/kasme.json',
  ).vectors[0]!;
  const r = await cli(
    'kdf',
    '--key',
    h(kv.ck) + h(kv.ik),
    '--fc',
    '10',
    '--param',
    kv.plmn,
    '--param',
    kv.sqn_xor_ak,
    '--json',
  );
  assert.equal(r.status, 0, r.err.join());
  assert.deepEqual(json(r.out), { output: h(kv.kasme) });
  const e = await cli('kdf', '--key', '00', '--fc', 'ffe0', '--param', '', '--json');
  assert.equal(e.status, 0, e.err.join());
  assert.match(json(e.out)['output']!, /^[0-9a-f]{64}$/);
});

test('ciotsec kdf x963: NIST CAVS case through the CLI', async () => {
  const v = loadVectors<{ z: string; shared_info: string; key_data_length_bits: number; key_data: string }>(
    'nist-cavs/x963-sha256.json',
  ).vectors.find((x) => x.shared_info !== '')!;
  const r = await cli(
    'kdf',
    'x963',
    '--z',
    v.z,
    '--shared-info',
    v.shared_info,
    '--length',
    String(v.key_data_length_bits / 8),
    '--json',
  );
  assert.equal(r.status, 0, r.err.join());
  assert.deepEqual(json(r.out), { output: h(v.key_data) });
});

test('bad input: one line naming the option, exit 2, nothing on stdout', async () => {
  const k = set1.k;
  const cases: [string[], RegExp][] = [
    [
      [
        'milenage',
        '--k',
        k.slice(2),
        '--opc',
        set1.opc,
        '--rand',
        set1.rand,
        '--sqn',
        set1.sqn,
        '--amf',
        set1.amf,
      ],
      /--k/,
    ],
    [
      [
        'milenage',
        '--k',
        k,
        '--opc',
        'zz' + set1.opc.slice(2),
        '--rand',
        set1.rand,
        '--sqn',
        set1.sqn,
        '--amf',
        set1.amf,
      ],
      /--opc/,
    ],
    [['milenage', '--k', k, '--opc', set1.opc, '--rand', set1.rand, '--sqn', set1.sqn], /--amf/],
    [['milenage', '--k', k, '--rand', set1.rand, '--sqn', set1.sqn, '--amf', set1.amf], /--op/],
    [
      [
        'milenage',
        '--k',
        k,
        '--op',
        set1.op,
        '--opc',
        set1.opc,
        '--rand',
        set1.rand,
        '--sqn',
        set1.sqn,
        '--amf',
        set1.amf,
      ],
      /--op.*--opc/,
    ],
    [
      ['milenage', '--k', k, '--opc', set1.opc, '--rand', set1.rand, '--sqn', '0102', '--amf', set1.amf],
      /--sqn/,
    ],
    [['milenage', '--bogus'], /bogus/],
    [['aka', 'resync', '--k', k, '--opc', set1.opc, '--rand', set1.rand, '--auts', '00'], /--auts/],
    [['kdf', '--key', '0g', '--fc', '10'], /--key/],
    [['kdf', '--key', '00', '--fc', '010203'], /--fc/],
    [['kdf', '--key', '00'], /--fc/],
    [['kdf', '--key', '00', '--fc', '10', '--param', 'abc'], /--param/],
    [['kdf', 'x963', '--z', '00', '--length', 'ten'], /--length/],
    [['kdf', 'x963', '--z', '00'], /--length/],
    [['kdf', 'x963', '--length', '16'], /--z/],
    [['nonsense'], /unknown command/],
    [['milenage', '--k', '--opc', '00'], /--k/],
    [['kdf', 'x963', '--z', '00', '--length', '-5'], /--length/],
    [
      [
        'milenage',
        '--k',
        k,
        '--opc',
        set1.opc,
        '--rand',
        set1.rand,
        '--sqn',
        set1.sqn,
        '--amf',
        set1.amf,
        'extra',
      ],
      /extra/,
    ],
    [['aka', 'resync', 'extra'], /extra/],
    [['demo', 'extra'], /extra/],
    [['serve', 'nothing'], /hss, emks, emse, sn/],
  ];
  for (const [argv, pattern] of cases) {
    const r = await cli(...argv);
    assert.equal(r.status, 2, `${argv.join(' ')} → ${r.status} ${r.err.join()}`);
    assert.equal(r.out.length, 0, argv.join(' '));
    assert.equal(r.err.length, 1, argv.join(' '));
    assert.match(r.err[0]!, pattern, argv.join(' '));
  }
});

test('every command has --help (exit 0, usage text) and the top level lists them all', async () => {
  const top = await cli('--help');
  assert.equal(top.status, 0);
  for (const c of ['demo', 'milenage', 'aka resync', 'kdf', 'kdf x963']) {
    assert.ok(top.out.join('\n').includes(c), c);
    const r = await cli(...c.split(' '), '--help');
    assert.equal(r.status, 0, c);
    assert.match(r.out.join('\n'), new RegExp(`Usage: ciotsec ${c}`), c);
    assert.match(r.out.join('\n'), /--json/, `${c} documents --json`);
  }
});

test('the installed bin runs as a process: exit statuses reach the shell', () => {
  const bin = join(repoRoot(), 'bin', 'ciotsec.js');
  const ok = spawnSync(process.execPath, [bin, 'kdf', '--key', '00', '--fc', '10', '--json'], {
    encoding: 'utf8',
  });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^\{"output":"[0-9a-f]{64}"\}\n$/);
  const bad = spawnSync(process.execPath, [bin, 'kdf', '--key', 'xyz', '--fc', '10'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.equal(spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).status, 0);
});

test('ciotsec store rekey: rotates the key file and the store; a missing new key is a config error (exit 2)', async () => {
  const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { randomBytes } = await import('node:crypto');
  const { SecretKey } = await import('../../src/crypto/secret-key.js');
  const { SqliteSubscriberStore } = await import('../../src/store/sqlite/subscriber-store.js');
  const dir = mkdtempSync(join(tmpdir(), 'ciotsec-rekey-'));
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  writeFileSync(join(dir, 'master.key'), oldKey.toString('hex'), { mode: 0o600 });
  const db = join(dir, 'hss.db');
  const s = SqliteSubscriberStore.open(db, SecretKey.from(oldKey));
  const k = randomBytes(16);
  await s.add({
    imsi: '001010000000777',
    k: SecretKey.from(k),
    opc: SecretKey.from(randomBytes(16)),
    amf: Buffer.from('8000', 'hex'),
    profile: { e2m: false, e2e: false },
  });
  await s.close();
  const env = { ...process.env, CIOTSEC_DATA_DIR: dir, CIOTSEC_HSS_DB: db, CIOTSEC_MASTER_KEY: '' };
  const bin = join(repoRoot(), 'bin', 'ciotsec.js');
  const missing = spawnSync(process.execPath, [bin, 'store', 'rekey', '--function', 'hss'], {
    encoding: 'utf8',
    env,
  });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /CIOTSEC_NEW_MASTER_KEY/);
  const r = spawnSync(
    process.execPath,
    [bin, 'store', 'rekey', '--function', 'hss', '--update-key-file', '--json'],
    {
      encoding: 'utf8',
      env: { ...env, CIOTSEC_NEW_MASTER_KEY: newKey.toString('hex') },
    },
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { resealed: number; key_file_updated: boolean };
  assert.equal(out.resealed, 2);
  assert.equal(out.key_file_updated, true);
  assert.equal(readFileSync(join(dir, 'master.key'), 'utf8').trim(), newKey.toString('hex'));
  const after = SqliteSubscriberStore.open(db, SecretKey.from(newKey));
  assert.deepEqual((await after.get('001010000000777'))?.k.export(), k);
  await after.close();
});

test('ciotsec store rekey: HSS and EMKS sharing master.key are both rotated, the file updated by the last call', async () => {
  const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { randomBytes } = await import('node:crypto');
  const { SecretKey } = await import('../../src/crypto/secret-key.js');
  const { SqliteSubscriberStore } = await import('../../src/store/sqlite/subscriber-store.js');
  const { SqliteEmksStore } = await import('../../src/nf/emks/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'ciotsec-rekey2-'));
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  writeFileSync(join(dir, 'master.key'), oldKey.toString('hex'), { mode: 0o600 });
  const hssDb = join(dir, 'hss.db');
  const emksDb = join(dir, 'emks.db');
  const h = SqliteSubscriberStore.open(hssDb, SecretKey.from(oldKey));
  await h.add({
    imsi: '001010000000778',
    k: SecretKey.from(randomBytes(16)),
    opc: SecretKey.from(randomBytes(16)),
    amf: Buffer.from('8000', 'hex'),
    profile: { e2m: true, e2e: false },
  });
  await h.close();
  const e = SqliteEmksStore.open(emksDb, SecretKey.from(oldKey));
  const e2m = randomBytes(32);
  await e.putKey('001010000000778', Buffer.from('01020304', 'hex'), SecretKey.from(e2m), 3, new Date());
  await e.close();
  const env = {
    ...process.env,
    CIOTSEC_DATA_DIR: dir,
    CIOTSEC_HSS_DB: hssDb,
    CIOTSEC_EMKS_DB: emksDb,
    CIOTSEC_MASTER_KEY: '',
    CIOTSEC_NEW_MASTER_KEY: newKey.toString('hex'),
  };
  const bin = join(repoRoot(), 'bin', 'ciotsec.js');
  const a = spawnSync(process.execPath, [bin, 'store', 'rekey', '--function', 'hss'], {
    encoding: 'utf8',
    env,
  });
  assert.equal(a.status, 0, a.stderr);
  assert.equal(
    readFileSync(join(dir, 'master.key'), 'utf8').trim(),
    oldKey.toString('hex'),
    'file untouched without --update-key-file',
  );
  const b = spawnSync(process.execPath, [bin, 'store', 'rekey', '--function', 'emks', '--update-key-file'], {
    encoding: 'utf8',
    env,
  });
  assert.equal(b.status, 0, b.stderr);
  assert.equal(readFileSync(join(dir, 'master.key'), 'utf8').trim(), newKey.toString('hex'));
  const e2 = SqliteEmksStore.open(emksDb, SecretKey.from(newKey));
  assert.deepEqual((await e2.getKey('001010000000778', Buffer.from('01020304', 'hex')))?.key.export(), e2m);
  await e2.close();
  const h2 = SqliteSubscriberStore.open(hssDb, SecretKey.from(newKey));
  assert.ok(await h2.get('001010000000778'));
  await h2.close();
});

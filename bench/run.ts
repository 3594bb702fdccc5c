// npm run bench [-- --json] [-- --time MS]
// Every result is a ratio against a baseline measured in the same process, in the same run, so that
// numbers compare across machines. Tests never assert on these timings.
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Milenage } from '../src/crypto/milenage.js';
import { computeKasme } from '../src/crypto/derivations.js';
import { generateAuthVector } from '../src/aka/vector.js';
import { sqnToBytes } from '../src/aka/sqn.js';
import { SecretKey } from '../src/crypto/secret-key.js';
import { SqliteSubscriberStore } from '../src/store/sqlite/subscriber-store.js';
import { createHss, hssConfig } from '../src/nf/hss/index.js';
import { naiveVector } from './naive-milenage.js';
import { sbiBenchmarks } from './sbi.js';
import { dtlsBenchmarks } from './dtls.js';

const { values } = parseArgs({
  options: { json: { type: 'boolean' }, time: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help === true) {
  console.log('Usage: npm run bench [-- --json] [-- --time MS]   (MS per measurement, default 1000)');
  process.exit(0);
}
const TIME_MS = Number(values.time ?? 1000);

const ROUNDS = 5;

/**
 * Measures subject and baseline in alternating rounds of TIME_MS / ROUNDS each (after a warm-up) and
 * returns the median operations per second of each, so that drift in machine load hits both alike.
 */
async function compare(
  subject: () => unknown | Promise<unknown>,
  baseline: () => unknown | Promise<unknown>,
  batch = 100,
): Promise<{ value: number; baseline: number }> {
  await opsPerSec(subject, batch, Math.min(200, TIME_MS / 4));
  await opsPerSec(baseline, batch, Math.min(200, TIME_MS / 4));
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    a.push(await opsPerSec(subject, batch, TIME_MS / ROUNDS));
    b.push(await opsPerSec(baseline, batch, TIME_MS / ROUNDS));
  }
  const median = (x: number[]): number => x.sort((p, q) => p - q)[Math.floor(x.length / 2)]!;
  return { value: median(a), baseline: median(b) };
}

/** Runs `fn` repeatedly for about `ms` and returns operations per second. */
async function opsPerSec(fn: () => unknown | Promise<unknown>, batch: number, ms: number): Promise<number> {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < batch; i++) await fn();
    n += batch;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

interface Result {
  name: string;
  unit: string;
  value: number;
  baseline: number;
  baseline_name: string;
  ratio: number;
}
const results: Result[] = [];
function report(name: string, unit: string, value: number, baselineName: string, baseline: number): void {
  results.push({
    name,
    unit,
    value: Math.round(value),
    baseline: Math.round(baseline),
    baseline_name: baselineName,
    ratio: Number((value / baseline).toFixed(3)),
  });
}

const k = randomBytes(16);
const opc = randomBytes(16);
const amf = Buffer.from('8000', 'hex');
const rand = randomBytes(16);
const m = new Milenage(k, opc);
let sqn = 32;

// Sanity: the naive baseline computes the same vector as the real implementation.
{
  const ours = generateAuthVector(m, rand, 1234, amf);
  const naive = naiveVector(k, opc, rand, sqnToBytes(1234), amf);
  if (!ours.autn.equals(naive.autn) || !ours.xres.equals(naive.xres) || !ours.ck.equals(naive.ck)) {
    throw new Error('bench: naive baseline disagrees with Milenage');
  }
}

// 1. The AES work a vector needs, and nothing else: TEMP (one block), then OUT1..OUT5 (five blocks),
//    on one reused cipher. This is the ceiling node:crypto allows for our Milenage.
const aes = createCipheriv('aes-128-ecb', k, null).setAutoPadding(false);
const b16 = randomBytes(16);
const b80 = randomBytes(80);
const v1 = await compare(
  () => generateAuthVector(m, rand, (sqn = (sqn + 32) % 2 ** 48), amf),
  () => {
    aes.update(b16);
    aes.update(b80);
  },
);
report('aka.vector', 'vectors/s', v1.value, 'aes.raw-calls-per-vector', v1.baseline);

// 2. Against the straightforward implementation (new cipher per block, six calls).
const v2 = await compare(
  () => generateAuthVector(m, rand, (sqn = (sqn + 32) % 2 ** 48), amf),
  () => naiveVector(k, opc, rand, sqnToBytes((sqn = (sqn + 32) % 2 ** 48)), amf),
);
report('aka.vector.vs-naive', 'vectors/s', v2.value, 'milenage.naive', v2.baseline);

// 3. A full HSS request: atomic SQN reservation in SQLite, fresh RAND, Milenage.
const store = SqliteSubscriberStore.open(':memory:', SecretKey.from(randomBytes(32)));
await store.add({
  imsi: '001010000000001',
  k: SecretKey.from(k),
  opc: SecretKey.from(opc),
  amf,
  profile: { e2m: false, e2e: false },
});
const hss = createHss({ config: hssConfig(), store });
const v3 = await compare(
  () => hss.generateAuthVectors({ imsi: '001010000000001', count: 1 }),
  () => generateAuthVector(m, randomBytes(16), (sqn = (sqn + 32) % 2 ** 48), amf),
  50,
);
report('hss.generate-auth-vectors.sqlite-memory', 'requests/s', v3.value, 'aka.vector+rand', v3.baseline);
await store.close();

// 4. K_ASME derivation against the bare HMAC-SHA-256 it wraps.
const ck = randomBytes(16);
const ik = randomBytes(16);
const snId = Buffer.from('00f110', 'hex');
const sqnXorAk = randomBytes(6);
const key = Buffer.concat([ck, ik]);
const s = Buffer.from('10' + '00f110' + '0003' + sqnXorAk.toString('hex') + '0006', 'hex');
const v4 = await compare(
  () => computeKasme(ck, ik, snId, sqnXorAk),
  () => createHmac('sha256', key).update(s).digest(),
);
report('kdf.kasme', 'derivations/s', v4.value, 'hmac-sha256.raw', v4.baseline);

await sbiBenchmarks(compare, report);
await dtlsBenchmarks(compare, report);

if (values.json === true) {
  for (const r of results) console.log(JSON.stringify(r));
} else {
  const rows = [
    ['name', 'unit', 'value', 'baseline', 'baseline value', 'ratio'],
    ...results.map((r) => [
      r.name,
      r.unit,
      String(r.value),
      r.baseline_name,
      String(r.baseline),
      r.ratio.toFixed(3),
    ]),
  ];
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows)
    console.log(row.map((c, i) => (i >= 2 && i !== 3 ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  '));
  console.log(
    `\n(each pair: ${ROUNDS} alternating rounds over ~${TIME_MS} ms each side, medians; ratio = value / baseline value, both measured in this run)`,
  );
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Milenage } from '../../src/crypto/milenage.js';
import { generateAuthVector } from '../../src/aka/vector.js';
import { computeAuts } from '../../src/aka/usim-checks.js';
import { nextSqnHe, SQN_MODULUS } from '../../src/aka/sqn.js';

// Differential test against osmo-auc-gen (Debian libosmocore-utils). CI installs it (.ci/run), so
// there it must be present; on a developer machine without it the test is skipped with the reason.
const available = spawnSync('osmo-auc-gen', ['--help'], { encoding: 'utf8' }).error === undefined;
const skip =
  !available && process.env['CI'] === undefined
    ? 'osmo-auc-gen not installed (apt-get install libosmocore-utils)'
    : false;

function run(args: string[]): Record<string, string> {
  const r = spawnSync('osmo-auc-gen', args, { encoding: 'utf8', timeout: 10_000 });
  if (r.error !== undefined) throw r.error;
  assert.equal(r.status, 0, `osmo-auc-gen ${args.join(' ')}: ${r.stderr}`);
  const out: Record<string, string> = {};
  for (const line of r.stdout.split('\n')) {
    const m = /^([A-Za-z .]+):\s+(\S+)/.exec(line);
    if (m !== null) out[m[1]!.trim()] = m[2]!;
  }
  return out;
}

/** A random 48-bit SQN, biased towards the edges of the range now and then. */
function randomSqn(i: number): number {
  if (i % 10 === 0) return SQN_MODULUS - 1 - (i % 3);
  if (i % 10 === 1) return i % 4;
  return randomBytes(6).readUIntBE(0, 6);
}

test('differential: AUTN, RES, CK, IK equal osmo-auc-gen on random K/OPc/RAND/SQN/AMF', { skip }, () => {
  for (let i = 0; i < 40; i++) {
    const k = randomBytes(16);
    const opc = randomBytes(16);
    const rand = randomBytes(16);
    const amf = randomBytes(2);
    const sqn = randomSqn(i);
    const theirs = run([
      '-3',
      '-a',
      'milenage',
      '-k',
      k.toString('hex'),
      '-o',
      opc.toString('hex'),
      '-r',
      rand.toString('hex'),
      '-f',
      amf.toString('hex'),
      '-s',
      String(sqn),
      '-l',
      '0',
    ]);
    const ours = generateAuthVector(new Milenage(k, opc), rand, sqn, amf);
    const ctx = `K=${k.toString('hex')} OPc=${opc.toString('hex')} RAND=${rand.toString('hex')} SQN=${sqn} AMF=${amf.toString('hex')}`;
    assert.equal(theirs['SQN'], String(sqn), `osmo-auc-gen used another SQN; ${ctx}`);
    assert.equal(ours.autn.toString('hex'), theirs['AUTN'], `AUTN; ${ctx}`);
    assert.equal(ours.xres.toString('hex'), theirs['RES'], `RES; ${ctx}`);
    assert.equal(ours.ck.toString('hex'), theirs['CK'], `CK; ${ctx}`);
    assert.equal(ours.ik.toString('hex'), theirs['IK'], `IK; ${ctx}`);
  }
});

test('differential: osmo-auc-gen accepts our AUTS and resynchronises to the same next SQN', { skip }, () => {
  for (let i = 0; i < 20; i++) {
    const k = randomBytes(16);
    const opc = randomBytes(16);
    const rand = randomBytes(16);
    const indBits = i % 6;
    const ind = i % 2 ** indBits;
    const sqnMs = randomBytes(6).readUIntBE(0, 6) % 2 ** 40;
    const m = new Milenage(k, opc);
    const auts = computeAuts(m, rand, sqnMs);
    const theirs = run([
      '-3',
      '-a',
      'milenage',
      '-k',
      k.toString('hex'),
      '-o',
      opc.toString('hex'),
      '-r',
      rand.toString('hex'),
      '-A',
      auts.toString('hex'),
      '-l',
      String(indBits),
      '-i',
      String(ind),
    ]);
    assert.equal(theirs['SQN.MS'], String(sqnMs), `SQN.MS, AUTS ${auts.toString('hex')}`);
    const next = nextSqnHe(sqnMs, indBits, ind);
    assert.equal(theirs['SQN'], String(next), 'next SQN');
    assert.equal(
      generateAuthVector(m, rand, next, Buffer.alloc(2)).autn.toString('hex'),
      theirs['AUTN'],
      'AUTN after resync',
    );
  }
});

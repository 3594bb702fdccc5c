import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { computeOpc } from '../../crypto/milenage.js';
import { constantTimeEqual, toHex } from '../../crypto/bytes.js';
import { SecretKey } from '../../crypto/secret-key.js';
import { computeE2mIntKey, computeE2mKey, computeKasme, keyIdFromRand } from '../../crypto/derivations.js';
import { splitSqn } from '../../aka/sqn.js';
import { SqliteSubscriberStore } from '../../store/sqlite/subscriber-store.js';
import { UsimSimulator } from '../../device/usim/usim.js';
import { createHss, hssConfig } from '../../nf/hss/index.js';

export interface DemoStep {
  readonly step: string;
  readonly detail: Record<string, string | number | boolean>;
}

export interface DemoOptions {
  /** SQLite file; a fresh temporary directory when absent. */
  readonly dbPath?: string;
  readonly masterKey?: SecretKey;
  readonly imsi?: string;
  /** PLMN identity for K_ASME (TS 24.301 encoding); 001/01 by default. */
  readonly snId?: Buffer;
  readonly emseId?: string;
}

/**
 * The first chapter of the lifecycle demo: AKA between the USIM simulator and the HSS on an embedded
 * SQLite store, including one forced resynchronisation (TS 33.102 §6.3.5), and the e2m keys of seed 001.
 */
export async function runAkaDemo(opts: DemoOptions = {}): Promise<{ dbPath: string; steps: DemoStep[] }> {
  const steps: DemoStep[] = [];
  const record = (step: string, detail: DemoStep['detail']): void => void steps.push({ step, detail });
  const dbPath = opts.dbPath ?? join(mkdtempSync(join(tmpdir(), 'ciotsec-demo-')), 'hss.db');
  const imsi = opts.imsi ?? '001010123456789';
  const snId = opts.snId ?? Buffer.from('00f110', 'hex');
  const emseId = opts.emseId ?? 'emse.iot-platform.example';
  const store = SqliteSubscriberStore.open(dbPath, opts.masterKey ?? SecretKey.from(randomBytes(32)));
  try {
    const config = hssConfig();
    const hss = createHss({ config, store });

    // 1. Provision: K and OP are fresh random values; the store keeps K and OPc sealed.
    const k = randomBytes(16);
    const opc = computeOpc(k, randomBytes(16));
    await store.add({
      imsi,
      k: SecretKey.from(k),
      opc: SecretKey.from(opc),
      amf: Buffer.from('8000', 'hex'),
      profile: { e2m: true, e2e: false },
    });
    const usim = new UsimSimulator({ imsi, k: SecretKey.from(k), opc: SecretKey.from(opc), sqn: config.sqn });
    record('provision', { imsi, store: dbPath, k: `${SecretKey.from(k)}`, ind_bits: config.sqn.indBits });

    // 2. First attach: the HSS issues a vector, the USIM accepts it.
    const first = (await hss.generateAuthVectors({ imsi })).vectors[0]!;
    const r1 = usim.authenticate(first.rand, first.autn);
    if (r1.kind !== 'success') throw new Error(`demo: first challenge failed (${r1.kind})`);
    const seq1 = splitSqn(first.sqn, config.sqn.indBits);
    record('aka', {
      rand: toHex(first.rand),
      sqn: first.sqn,
      seq: seq1.seq,
      ind: seq1.ind,
      usim: r1.kind,
      res_matches_xres: constantTimeEqual(r1.res, first.xres),
      kasme: `${SecretKey.from(computeKasme(r1.ck, r1.ik, snId, first.sqnXorAk))}`,
    });

    // 3. Application keys of seed 001 from this AKA run, on both sides.
    const e2mInt = computeE2mIntKey(r1.ck, r1.ik);
    const e2mIntHss = computeE2mIntKey(first.ck, first.ik);
    const e2mKey = computeE2mKey(e2mInt, emseId);
    record('e2m-keys', {
      key_id: toHex(keyIdFromRand(first.rand)),
      e2m_int_key: `${SecretKey.from(e2mInt)}`,
      ue_and_hss_agree: constantTimeEqual(e2mInt, e2mIntHss),
      emse_id: emseId,
      e2m_key: `${SecretKey.from(e2mKey)}`,
    });

    // 4. Force a desynchronisation: the HSS's SQN_HE is rolled back, as after restoring an old backup.
    const advanced = (await hss.generateAuthVectors({ imsi, count: 3 })).vectors;
    for (const v of advanced) usim.authenticate(v.rand, v.autn);
    await store.updateSqn(imsi, () => ({ sqn: 0, result: undefined }));
    record('desynchronise', { usim_accepted_more: advanced.length, hss_sqn_rolled_back_to: 0 });

    // 5. The next challenge is stale for the USIM: synchronisation failure with AUTS.
    const stale = (await hss.generateAuthVectors({ imsi })).vectors[0]!;
    const r2 = usim.authenticate(stale.rand, stale.autn);
    if (r2.kind !== 'sync-failure')
      throw new Error(`demo: expected a synchronisation failure, got ${r2.kind}`);
    record('sync-failure', { sqn: stale.sqn, reason: r2.reason, auts: toHex(r2.auts) });

    // 6. The HSS verifies MAC-S, recovers SQN_MS and resets SQN_HE; the fresh vector is accepted.
    const rs = await hss.resynchronise({ imsi, rand: stale.rand, auts: r2.auts });
    const fresh = (await hss.generateAuthVectors({ imsi })).vectors[0]!;
    const r3 = usim.authenticate(fresh.rand, fresh.autn);
    if (r3.kind !== 'success') throw new Error(`demo: challenge after resync failed (${r3.kind})`);
    record('resync', {
      sqn_ms: rs.sqnMs,
      sqn_he_before: rs.sqnHeBefore,
      sqn_he_after: rs.sqnHe,
      next_sqn: fresh.sqn,
      usim: r3.kind,
      res_matches_xres: constantTimeEqual(r3.res, fresh.xres),
    });

    // 7. A replayed challenge is refused.
    const r4 = usim.authenticate(fresh.rand, fresh.autn);
    record('replay', { usim: r4.kind, reason: r4.kind === 'sync-failure' ? r4.reason : '-' });
    return { dbPath, steps };
  } finally {
    await store.close();
  }
}

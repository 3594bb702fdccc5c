import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createDevicePki } from '../../../src/pki/device-pki.js';
import { manufactureTre } from '../../../src/cli/scenarios/initial-attach.js';
import { allocateCx, authenticateTre, snCredentials } from '../../../src/nf/sn/initial-attach/procedure.js';
import { signToken, peekToken } from '../../../src/initial-attach/atk.js';
import {
  generateTreUuid,
  decodeTreUuid,
  formatUuid,
  parseUuid,
} from '../../../src/initial-attach/uuid-ue.js';

const now = new Date();

for (const cipher of ['aes128-cbc-hmac-sha256', 'aes128-gcm'] as const) {
  test(`tampered M1 or M2 → integrity failure; tampered ATK → signature failure (${cipher})`, () => {
    const pki = createDevicePki('brainpoolP256r1');
    const creds = { curve: pki.curve, certCis: [pki.ci.cert], ecka: pki.snEcka, ecdsa: pki.snEcdsa };
    const tre = manufactureTre(pki, cipher);
    const uuid = tre.generateUuid();
    const nSn = randomBytes(16);
    const nUe = randomBytes(16);
    const out = tre.credentials({ certSnEcka: pki.snEcka.cert, nSn, uuid, now });
    const tx = { uuid, nSn, treBinding: tre.binding() };
    const m1 = Buffer.from(out.m1);
    m1[m1.length - 1]! ^= 1;
    assert.throws(() => authenticateTre(creds, cipher, tx, { ...out, m1 }, now), {
      code: 'ERR_INTEGRITY_CHECK',
    });
    const h1 = Buffer.from(out.h1);
    h1[0]! ^= 1;
    assert.throws(() => authenticateTre(creds, cipher, tx, { ...out, h1 }, now), {
      code: 'ERR_INTEGRITY_CHECK',
    });
    assert.throws(() => authenticateTre(creds, cipher, { ...tx, nSn: randomBytes(16) }, out, now), {
      code: 'ERR_TRE_AUTHENTICATION',
    });
    const { pkTreEcdhe } = authenticateTre(creds, cipher, tx, out, now);
    const cx = allocateCx('00101');
    const good = snCredentials(creds, cipher, { uuid, nUe }, pkTreEcdhe, cx);
    // M2 changed and ATK.SN re-signed by the genuine SN key: the signature holds, the integrity check fails
    const f = peekToken(good.atkSn, 'ATK.SN', 5);
    const m2 = Buffer.from(f[2] as Uint8Array);
    m2[0]! ^= 1;
    const resigned = signToken(pki.snEcdsa.key, [f[0], f[1], m2, f[3], f[4]]);
    assert.throws(() => tre.connectivity({ atkSn: resigned, certSnEcdsa: good.certSnEcdsa, nUe, now }), {
      code: 'ERR_INTEGRITY_CHECK',
    });
    // the TRE's ephemeral key is single-use: run step 5 again, then tamper the signed token itself
    const out2 = tre.credentials({ certSnEcka: pki.snEcka.cert, nSn, uuid, now });
    const { pkTreEcdhe: pk2 } = authenticateTre(creds, cipher, tx, out2, now);
    const good2 = snCredentials(creds, cipher, { uuid, nUe }, pk2, cx);
    const bad = Buffer.from(good2.atkSn);
    bad[bad.length - 1]! ^= 1;
    assert.throws(() => tre.connectivity({ atkSn: bad, certSnEcdsa: good2.certSnEcdsa, nUe, now }), {
      code: 'ERR_SIGNATURE',
    });
    const out3 = tre.credentials({ certSnEcka: pki.snEcka.cert, nSn, uuid, now });
    const good3 = snCredentials(
      creds,
      cipher,
      { uuid, nUe },
      authenticateTre(creds, cipher, tx, out3, now).pkTreEcdhe,
      cx,
    );
    const got = tre.connectivity({ atkSn: good3.atkSn, certSnEcdsa: good3.certSnEcdsa, nUe, now });
    assert.equal(got.imsi, cx.imsi);
    assert.deepEqual(got.k.export(), cx.k);
  });
}

test('UUID_UE: an RFC 9562 version 8 UUID from which K_TRESI recovers the serial; CATV rejects others', () => {
  const k = randomBytes(16);
  const catv = randomBytes(4);
  const serial = 0xa1b2c3d4e5f6n;
  const u = generateTreUuid(k, randomBytes(5), catv, serial);
  const text = formatUuid(u);
  assert.match(text, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.deepEqual(parseUuid(text), u);
  assert.equal(decodeTreUuid(k, u, catv), serial);
  assert.equal(decodeTreUuid(randomBytes(16), u, catv), undefined);
  assert.notDeepEqual(generateTreUuid(k, randomBytes(5), catv, serial), u);
});

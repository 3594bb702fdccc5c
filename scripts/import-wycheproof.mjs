#!/usr/bin/env node
// Converts Wycheproof test files (C2SP/wycheproof testvectors_v1/) into test/vectors/wycheproof/*.json.
// Usage: node scripts/import-wycheproof.mjs <wycheproof checkout> <commit>
// ECDH files with ASN.1 (SubjectPublicKeyInfo) public keys keep only the cases whose key is the
// named-curve SPKI of the file's curve; the rest test ASN.1 parsing, which ciotsec does not do on
// this path, and are counted in the file's notes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [root, commit] = process.argv.slice(2);
if (!root || !commit) throw new Error('usage: import-wycheproof.mjs <checkout> <commit>');
const SPKI = {
  secp256r1: {
    u: '3059301306072a8648ce3d020106082a8648ce3d030107034200',
    c: '3039301306072a8648ce3d020106082a8648ce3d030107032200',
  },
  brainpoolP256r1: {
    u: '305a301406072a8648ce3d020106092b2403030208010107034200',
    c: '303a301406072a8648ce3d020106092b2403030208010107032200',
  },
};
const out = (name, body) =>
  writeFileSync(join('test/vectors/wycheproof', name), JSON.stringify(body, null, 1) + '\n');

for (const [file, curve] of [
  ['ecdh_secp256r1_ecpoint_test.json', 'secp256r1'],
  ['ecdh_brainpoolP256r1_test.json', 'brainpoolP256r1'],
]) {
  const d = JSON.parse(readFileSync(join(root, 'testvectors_v1', file), 'utf8'));
  const vectors = [];
  let dropped = 0;
  for (const g of d.testGroups)
    for (const t of g.tests) {
      let point = t.public;
      if (g.encoding === 'asn') {
        const p = SPKI[curve];
        if (point.startsWith(p.u) && point.length === p.u.length + 130) point = point.slice(p.u.length);
        else if (point.startsWith(p.c) && point.length === p.c.length + 66) point = point.slice(p.c.length);
        else {
          dropped++;
          continue;
        }
      }
      vectors.push({
        tc_id: t.tcId,
        comment: t.comment,
        flags: t.flags,
        public_point: point,
        private: t.private,
        shared: t.shared,
        result: t.result,
      });
    }
  out(file.replace('_test.json', '.json'), {
    source: `Wycheproof ${file} (C2SP/wycheproof testvectors_v1 @ ${commit}), ${d.numberOfTests} cases, curve ${curve}`,
    notes: `public_point is the SEC 1 point (uncompressed 04‖X‖Y or compressed 02/03‖X). ${dropped} cases whose public key is not the named-curve SubjectPublicKeyInfo of ${curve} (ASN.1 parsing cases: InvalidAsn, UnnamedCurve, WrongCurve OIDs, explicit parameters) are left out. result: valid = shared must match; invalid = must be refused; acceptable = either (ciotsec accepts compressed points).`,
    vectors,
  });
}

for (const [file, curve] of [
  ['ecdsa_secp256r1_sha256_p1363_test.json', 'secp256r1'],
  ['ecdsa_brainpoolP256r1_sha256_p1363_test.json', 'brainpoolP256r1'],
]) {
  const d = JSON.parse(readFileSync(join(root, 'testvectors_v1', file), 'utf8'));
  const vectors = [];
  for (const g of d.testGroups)
    for (const t of g.tests)
      vectors.push({
        tc_id: t.tcId,
        comment: t.comment,
        flags: t.flags,
        public_point: g.publicKey.uncompressed,
        msg: t.msg,
        sig: t.sig,
        result: t.result,
      });
  out(file.replace('_test.json', '.json'), {
    source: `Wycheproof ${file} (C2SP/wycheproof testvectors_v1 @ ${commit}), all ${d.numberOfTests} cases, ECDSA with SHA-256 on ${curve}, IEEE P1363 signatures (r‖s)`,
    notes:
      'public_point: the group public key, uncompressed. result: valid = must verify; invalid = must not.',
    vectors,
  });
}

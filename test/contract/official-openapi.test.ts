import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { Ajv } from 'ajv';
import { randomBytes } from 'node:crypto';
import { SecretKey } from '../../src/crypto/secret-key.js';
import { toAnchorKeyInfo } from '../../src/nf/hss/clients/emks.js';
import { repoRoot } from '../helpers/repo.js';

// Payloads checked against the official 3GPP OpenAPI files (test/vectors/3gpp-openapi, from jdegre/5GC_APIs).
const dir = join(repoRoot(), 'test', 'vectors', '3gpp-openapi');

function officialAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
    ajv.addSchema(parse(readFileSync(join(dir, f), 'utf8')) as object, f);
  }
  return ajv;
}

test('the HSS → EMKS push body is a valid TS 29.535 AkmaKeyInfo', () => {
  const ajv = officialAjv();
  const validate = ajv.getSchema('TS29535_Naanf_AKMA.yaml#/components/schemas/AkmaKeyInfo');
  assert.ok(validate, 'AkmaKeyInfo found in the official file');
  const body = toAnchorKeyInfo({
    id: 1,
    imsi: '001010000000001',
    keyId: Buffer.from('0a0b0c0d', 'hex'),
    e2mIntKey: SecretKey.from(randomBytes(32)),
    attempts: 0,
    createdAt: new Date().toISOString(),
  });
  assert.ok(validate(body), JSON.stringify(validate.errors));
  // The official schema has teeth: without kAkma, or without supi/gpsi, the body is refused.
  assert.equal(validate({ supi: body.supi, aKId: body.aKId }), false);
  assert.equal(validate({ aKId: body.aKId, kAkma: body.kAkma }), false);
});

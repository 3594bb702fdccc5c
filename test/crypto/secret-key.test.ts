import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { SecretKey } from '../../src/crypto/secret-key.js';

test('a SecretKey never prints its bytes: toString, template, JSON, inspect', () => {
  const raw = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
  const k = SecretKey.from(raw);
  const outputs = [String(k), `${k}`, JSON.stringify({ k }), inspect(k), inspect({ nested: { k } })];
  for (const o of outputs) {
    assert.ok(!o.includes(raw.toString('hex')), o);
    assert.ok(!o.includes(raw.toString('base64')), o);
    assert.match(o, /SecretKey\(fp=[0-9a-f]{16}\)/);
  }
  assert.deepEqual(k.export(), raw);
});

test('SecretKey copies its input and hands out copies', () => {
  const raw = Buffer.alloc(16, 1);
  const k = SecretKey.from(raw);
  raw.fill(2);
  const e = k.export();
  e.fill(3);
  assert.deepEqual(k.export(), Buffer.alloc(16, 1));
});

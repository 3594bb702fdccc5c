import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { startRcpNetwork } from '../../src/cli/scenarios/initial-attach.js';
import { writeDevicePki } from '../../src/pki/device-pki.js';

test('ciotsec sp register-uuid, then ciotsec ue provision: a factory-fresh device attaches with AKA', async () => {
  const rcp = await startRcpNetwork({ curve: 'brainpoolP256r1' });
  const pkiDir = rcp.net.pkiDir;
  writeDevicePki(join(pkiDir, 'device'), rcp.devicePki);
  try {
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(`ERR ${l}`) };
    const reg = await main(
      ['sp', 'register-uuid', '--pki-dir', pkiDir, '--authz-url', rcp.authz.url, '--json'],
      io,
    );
    assert.equal(reg, 0, out.join('\n'));
    const { uuid } = JSON.parse(out.pop()!) as { uuid: string };
    const args = [
      'ue',
      'provision',
      '--uuid',
      uuid,
      '--pki-dir',
      pkiDir,
      '--sn-port',
      String(rcp.initialAttach.port),
      '--sn-aka-port',
      String(rcp.net.sn.port),
      '--json',
    ];
    const status = await main([...args, '--cipher', 'aes128-gcm'], io);
    assert.equal(status, 0, out.join('\n'));
    const r = JSON.parse(out.pop()!) as Record<string, unknown>;
    assert.equal(r['aka'], 'accepted');
    assert.match(String(r['imsi']), /^00101[0-9]{10}$/);
    assert.match(String(r['k']), /^SecretKey\(fp=[0-9a-f]{16}\)$/);
    // the authorisation is one-time: the same UUID again fails with exit status 1
    assert.equal(await main(args, io), 1);
    assert.match(out.pop()!, /^ERR .*rejected/);
    assert.equal(await main(['ue', 'provision', '--uuid', 'not-a-uuid', '--pki-dir', pkiDir], io), 2);
  } finally {
    await rcp.close();
  }
});

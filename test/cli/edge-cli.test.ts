import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { main } from '../../src/cli/main.js';
import { repoRoot } from '../helpers/repo.js';

async function cli(...argv: string[]): Promise<{ status: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { status, out, err };
}

// The issue's "done when": from a fresh checkout, `ciotsec serve ecs` in one process, `ciotsec token
// issue` and `ciotsec ees onboard` in another; the certificate passes openssl verify against the ECSP CA.
test('ciotsec serve ecs + token issue + ees onboard: certificate under the ECSP CA, read back and deregistered over mutual TLS', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ciotsec-edge-cli-'));
  const env = {
    ...process.env,
    CIOTSEC_DATA_DIR: dir,
    CIOTSEC_ECSP_DIR: join(dir, 'ecsp'),
    CIOTSEC_ECS_DB: join(dir, 'ecs.db'),
    CIOTSEC_ECS_TOKEN_KEY: join(dir, 'ecsp', 'authz-signing.key.pub'),
  };
  const child = spawn(
    process.execPath,
    [join(repoRoot(), 'bin', 'ciotsec.js'), 'serve', 'ecs', '--port', '0', '--json'],
    {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const lines = createInterface({ input: child.stdout! });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (c) => reject(new Error(`serve ecs exited ${c}`)));
    });
    const url = (JSON.parse(first) as { listening: string }).listening;
    assert.match(url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const tokenFile = join(dir, 'ees-1.token');
    const t = await cli(
      'token',
      'issue',
      '--client',
      'ees-provider-1',
      '--key',
      join(dir, 'ecsp', 'authz-signing.key'),
      '--out',
      tokenFile,
      '--json',
    );
    assert.equal(t.status, 0, t.err.join());
    assert.ok(
      !t.out.join().includes(readFileSync(tokenFile, 'utf8').trim()),
      'the token is not printed with --out',
    );
    assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
    const out = join(dir, 'ees-1');
    const r = await cli(
      'ees',
      'onboard',
      '--ecs',
      url,
      '--ca',
      join(dir, 'ecsp', 'ca.crt'),
      '--token-file',
      tokenFile,
      '--ees-id',
      'ees-1',
      '--out',
      out,
      '--json',
    );
    assert.equal(r.status, 0, r.err.join());
    const o = JSON.parse(r.out[0]!) as Record<string, unknown>;
    assert.equal(o['mutual_tls_read_back'], true);
    assert.ok(!r.out[0]!.includes('PRIVATE KEY'));
    assert.equal(statSync(join(out, 'ees.key')).mode & 0o777, 0o600);
    if (spawnSync('openssl', ['version']).status === 0) {
      const v = execFileSync(
        'openssl',
        ['verify', '-CAfile', join(dir, 'ecsp', 'ca.crt'), join(out, 'ees.crt')],
        { encoding: 'utf8' },
      );
      assert.match(v, /: OK/);
    }
    // The same token again is refused (single use), with a one-line message and exit 1.
    const again = await cli(
      'ees',
      'onboard',
      '--ecs',
      url,
      '--ca',
      join(dir, 'ecsp', 'ca.crt'),
      '--token-file',
      tokenFile,
      '--ees-id',
      'ees-2',
      '--out',
      join(dir, 'ees-2'),
    );
    assert.equal(again.status, 1);
    assert.match(again.err[0]!, /401 TOKEN_REPLAYED/);
    const d = await cli('ees', 'deregister', '--ca', join(dir, 'ecsp', 'ca.crt'), '--dir', out, '--json');
    assert.equal(d.status, 0, d.err.join());
    assert.equal((JSON.parse(d.out[0]!) as { deregistered: boolean }).deregistered, true);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
});

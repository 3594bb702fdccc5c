import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { repoRoot } from '../helpers/repo.js';

// House rules (STYLE.md): dependencies point inward; an NF never imports another NF's internals; the
// pure layers do no I/O; folders expose an explicit index.ts without `export *`.
const src = join(repoRoot(), 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const imports = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map(
    (m) => m[1]!,
  );

const all = files(src).map((f) => ({ rel: relative(src, f).split(sep).join('/'), imports: imports(f) }));

test('pure layers (crypto, aka, initial-attach) import nothing with I/O and nothing above them', () => {
  for (const f of all.filter((x) => /^(crypto|aka|initial-attach)\//.test(x.rel))) {
    for (const i of f.imports) {
      assert.ok(!/^node:(fs|net|dgram|http|https|http2|tls|child_process)/.test(i), `${f.rel} imports ${i}`);
      assert.ok(!/better-sqlite3|\/(nf|store|cli|device)\//.test(i), `${f.rel} imports ${i}`);
    }
  }
});

test('dtls: only dtls/udp/ has sockets and timers; the rest of dtls/ is pure', () => {
  const pure = all.filter((x) => x.rel.startsWith('dtls/') && !x.rel.startsWith('dtls/udp/'));
  assert.ok(pure.length > 10);
  for (const f of pure) {
    for (const i of f.imports) {
      assert.ok(
        !/^node:(fs|net|dgram|http|https|http2|tls|child_process|timers)/.test(i),
        `${f.rel} imports ${i}`,
      );
      assert.ok(
        !/\/(nf|store|cli|device)\/|\/udp\//.test(i) || f.rel === 'dtls/index.ts',
        `${f.rel} imports ${i}`,
      );
    }
    assert.ok(
      !/\b(setTimeout|setInterval|Date\.now|Math\.random|randomBytes)\b/.test(
        readFileSync(join(src, f.rel), 'utf8'),
      ),
      f.rel,
    );
  }
});

test('a network function imports another network function only through its index.ts', () => {
  for (const f of all.filter((x) => x.rel.startsWith('nf/'))) {
    const own = f.rel.split('/')[1];
    for (const i of f.imports) {
      const m = /\/nf\/([^/]+)\/(.+)$/.exec(i);
      if (m !== null && m[1] !== own)
        assert.equal(m[2], 'index.js', `${f.rel} reaches into nf/${m[1]}/${m[2]}`);
    }
  }
});

test('no `export *` anywhere, and every top-level folder has an index.ts or is the CLI', () => {
  for (const f of all) assert.ok(!/export \*/.test(readFileSync(join(src, f.rel), 'utf8')), f.rel);
  for (const d of [
    'crypto',
    'aka',
    'store',
    'errors',
    'device/usim',
    'device/tre',
    'nf/hss',
    'nf/uuid-authz',
    'initial-attach',
    'dtls',
    'nf/ecs',
    'nf/ees',
    'nf/ecsp-authz',
  ]) {
    assert.ok(
      all.some((f) => f.rel === `${d}/index.ts`),
      `${d}/index.ts`,
    );
  }
});

#!/usr/bin/env node
// Runs node's built-in test runner on the compiled tests. Node 20's `node --test` takes paths, not
// globs, so the files are listed here. Arguments narrow the run to directories or files under dist/.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2);
const targets = roots.length > 0 ? roots : ['dist/test'];

function collect(path, out) {
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const name of readdirSync(path).sort()) collect(join(path, name), out);
  } else if (path.endsWith('.test.js')) {
    out.push(path);
  }
  return out;
}

const files = targets.flatMap((t) => collect(resolve(t), []));
if (files.length === 0) {
  console.error(`run-tests: no *.test.js files under ${targets.join(', ')} (did the build run?)`);
  process.exit(1);
}
// A bound per test, so that a hung test fails instead of holding CI until its deadline.
const result = spawnSync(process.execPath, ['--test', '--test-timeout=180000', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);

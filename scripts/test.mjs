#!/usr/bin/env node
// Runs every *.test.ts under packages/, services/ and apps/ with Node's test runner (TypeScript through tsx).
// Arguments narrow the run to files whose path contains any of them: `npm test -- store bus`.
//
// Two phases: first the package and service suites, two files at a time; then the whole-system
// suites of apps/ one at a time, because they run the real services against the shared servers
// (the same durable consumers, the same symbols' subjects) and must not overlap each other.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['packages', 'services', 'apps'];
const files = [];
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.test.ts')) files.push(path);
  }
}
for (const root of roots) walk(root);
const filters = process.argv.slice(2);
const selected = files.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}

const system = selected.filter((f) => f.startsWith(join('apps', '')));
const units = selected.filter((f) => !system.includes(f));
const phases = [
  { files: units, concurrency: process.env.BOURSE_TEST_CONCURRENCY ?? '2' },
  { files: system, concurrency: '1' },
].filter((p) => p.files.length > 0);

let failed = false;
for (const phase of phases) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${phase.concurrency}`, ...phase.files], {
    stdio: 'inherit',
    env: { NODE_ENV: 'test', ...process.env },
  });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);

#!/usr/bin/env node
// Runs every *.test.ts under packages/, services/, apps/ and tests/ with Node's test runner (TypeScript through tsx).
// Arguments narrow the run to files whose path contains any of them: `npm test -- store bus`.
//
// Three phases: first the package, service and command suites, two files at a time; then the
// whole-system suites of tests/ one at a time, because they run the real services against the shared
// servers (the same durable consumers, the same symbols' subjects) and must not overlap each other;
// last the dashboard's own suite (apps/web: Vitest component tests, then the browser test against a
// real `bourse start`), when no argument narrows the run away from it.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const roots = ['packages', 'services', 'apps', 'tests'];
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
const web =
  existsSync(join('apps', 'web', 'package.json')) &&
  (filters.length === 0 || filters.some((x) => join('apps', 'web', '').includes(x) || x.includes(join('apps', 'web'))));
if (selected.length === 0 && !web) {
  console.error('no test files matched');
  process.exit(1);
}

const system = selected.filter((f) => f.startsWith(join('tests', '')));
const units = selected.filter((f) => !system.includes(f));
const phases = [
  { files: units, concurrency: process.env.BOURSE_TEST_CONCURRENCY ?? '2' },
  { files: system, concurrency: '1' },
].filter((p) => p.files.length > 0);
if (web) phases.push({ files: [], command: ['npm', ['run', 'test', '--silent', '-w', '@bourse/web']] });

/** Run one phase, passing its output through as it comes and counting its closing lines. */
function run(phase) {
  return new Promise((resolve) => {
    const [command, args] = phase.command ?? [
      process.execPath,
      ['--import', 'tsx', '--test', `--test-concurrency=${phase.concurrency}`, ...phase.files],
    ];
    const child = spawn(command, args, {
      stdio: ['inherit', 'pipe', 'inherit'],
      env: { NODE_ENV: 'test', ...process.env },
    });
    let tail = '';
    const counts = { pass: 0, fail: 0, skipped: 0 };
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      // without colour codes, which Vitest writes even into a pipe
      const lines = stripVTControlCharacters(tail + chunk.toString()).split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^# (pass|fail|skipped) (\d+)$/.exec(line);
        if (m) counts[m[1]] += Number(m[2]);
        // Vitest's summary: "Tests  12 passed (12)" or "Tests  1 failed | 11 passed (12)"
        if (/^\s*Tests\s/.test(line))
          for (const v of line.matchAll(/(\d+) (passed|failed|skipped)/g))
            counts[{ passed: 'pass', failed: 'fail', skipped: 'skipped' }[v[2]]] += Number(v[1]);
      }
    });
    child.on('close', (code) => resolve({ code, counts }));
  });
}

let failed = false;
const totals = { pass: 0, fail: 0, skipped: 0 };
for (const phase of phases) {
  const { code, counts } = await run(phase);
  for (const key of Object.keys(totals)) totals[key] += counts[key];
  if (code !== 0) failed = true;
}
// One closing line over every phase.
console.log(`\ntests: ${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped`);
process.exit(failed ? 1 : 0);

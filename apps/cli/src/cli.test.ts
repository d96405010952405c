import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const bin = fileURLToPath(new URL('../bin/bourse.js', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'bourse-cli-'));

function bourse(args: string[], env: Record<string, string> = {}) {
  // BOURSE_RUN_SOURCES: the sources under test, even where a build (dist/) exists; build.test.ts covers the build.
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', BOURSE_DATA_DIR: dataDir, BOURSE_RUN_SOURCES: '1', ...env },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the bourse command', () => {
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('lists its commands', () => {
    const r = bourse(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['start', 'migrate', 'symbols', 'dlq']) assert.match(r.out, new RegExp(`^\\s+${c}\\b`, 'm'));
  });

  it('migrates up and reports status', () => {
    const up = bourse(['migrate', 'up']);
    assert.equal(up.code, 0, up.err);
    const status = bourse(['migrate', 'status']);
    assert.equal(status.code, 0, status.err);
    assert.match(status.out, /^applied\s+\S+/m);
    assert.doesNotMatch(status.out, /^pending/m);
  });

  it('runs an etl job with a line per symbol, and exits non-zero naming the symbol that failed', () => {
    const ok = bourse([
      'etl',
      'run',
      '--source',
      'synthetic',
      '--symbols',
      'AAPL,BTC-USD',
      '--interval',
      '1d',
      '--from',
      '2025-01-01',
      '--to',
      '2025-02-01',
    ]);
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /^AAPL: ok, 31 loaded$/m);
    assert.match(ok.out, /^BTC-USD: ok, 31 loaded$/m);
    const bad = bourse(['etl', 'run', '--source', 'synthetic', '--symbols', 'AAPL,NOPE', '--from', '2025-01-01', '--to', '2025-02-01']);
    assert.equal(bad.code, 1);
    assert.match(bad.out, /^AAPL: ok, 0 loaded$/m);
    assert.match(bad.err, /partially_succeeded: NOPE \(synthetic cannot serve NOPE\)/);
    const jobs = bourse(['etl', 'jobs']);
    assert.equal(jobs.code, 0, jobs.err);
    assert.equal(jobs.out.trim().split('\n').length, 2);
    assert.match(jobs.out, /partially_succeeded\s+synthetic\/1d\s+2 symbols, 0 loaded, 1 failed/);
  });

  it('lists the HOSE instruments', () => {
    const r = bourse(['symbols', 'list', '--exchange', 'hose']);
    assert.equal(r.code, 0, r.err);
    for (const s of ['VNM', 'FPT', 'VCB']) assert.match(r.out, new RegExp(`^${s}\\s+HOSE`, 'm'));
    assert.match(r.out, /^\d+ of \d+$/m);
  });

  it('lists the dead letters, and replays only on the distributed bus', () => {
    const list = bourse(['dlq', 'list', '--subject', 'md.tick.>']);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, /^0 dead letters$/m);
    const replay = bourse(['dlq', 'replay']);
    assert.equal(replay.code, 1);
    assert.match(replay.err, /^bourse: configuration error: BOURSE_BUS must be a nats:\/\/ URL to replay/m);
  });

  it('stops on a bad setting with one line naming the variable', () => {
    const r = bourse(['start'], { BOURSE_DATABASE_URL: 'mysql://localhost/db' });
    assert.equal(r.code, 1);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, /^bourse: configuration error: BOURSE_DATABASE_URL must be a URL with scheme postgres or postgresql/);
  });

  it('refuses an unknown service name', () => {
    const r = bourse(['start', 'nonsense']);
    assert.equal(r.code, 1);
    assert.match(r.err, /unknown: nonsense/);
  });
});

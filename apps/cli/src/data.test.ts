import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const bin = fileURLToPath(new URL('../bin/bourse.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'bourse-cli-data-'));

function bourse(args: string[], dataDir: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', BOURSE_DATA_DIR: dataDir, BOURSE_RUN_SOURCES: '1' },
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('bourse import, export and db', () => {
  after(() => rmSync(work, { recursive: true, force: true }));
  const first = join(work, 'first');
  const second = join(work, 'second');
  const csv = 'date,open,high,low,close,volume\n2026-01-05,10,11,9,10.5,100\n2026-01-06,10.5,12,10,11.25,250\n';

  it('refuses a file with a bad row, naming its line, and imports nothing', () => {
    const file = join(work, 'bad.csv');
    writeFileSync(file, `${csv}2026-01-07,1,1,1,x,1\n`);
    const r = bourse(['import', 'csv', file, '--symbol', 'AAPL'], first);
    assert.equal(r.code, 1);
    assert.match(r.err, /bad\.csv:4: close is not a number/);
    assert.match(r.err, /nothing imported/);
  });

  it('imports a CSV and exports the same bars', () => {
    const file = join(work, 'aapl.csv');
    writeFileSync(file, csv);
    const imported = bourse(['import', 'csv', file, '--symbol', 'AAPL'], first);
    assert.equal(imported.code, 0, imported.err);
    assert.match(imported.out, /2 rows, 2 inserted, 0 replaced, 0 rejected/);
    const exported = bourse(
      ['export', 'ohlcv', '--symbol', 'AAPL', '--interval', '1d', '--from', '2026-01-01', '--to', '2026-01-31'],
      first,
    );
    assert.equal(exported.code, 0, exported.err);
    assert.equal(exported.out, csv);
  });

  it('backs the store up and restores it into a new data folder', () => {
    const file = join(work, 'backup.jsonl');
    const backup = bourse(['db', 'backup', file], first);
    assert.equal(backup.code, 0, backup.err);
    assert.match(backup.out, /backed up \d+ tables, \d+ rows/);
    assert.match(readFileSync(file, 'utf8').split('\n')[0]!, /"format":"bourse-backup"/);
    const restore = bourse(['db', 'restore', file], second);
    assert.equal(restore.code, 0, restore.err);
    const exported = bourse(['export', 'ohlcv', '--symbol', 'AAPL', '--from', '2026-01-01'], second);
    assert.equal(exported.out, csv);
  });
});

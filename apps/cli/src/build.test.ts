import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/bourse.js', import.meta.url));
const guard = new URL('../test/no-typescript-hooks.mjs', import.meta.url).href;
const dataDir = mkdtempSync(join(tmpdir(), 'bourse-built-'));

describe('the compiled build', () => {
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('builds, and the built bourse serves quotes without loading any TypeScript', async () => {
    // tsc -b is incremental: after `npm run build` (CI) this only checks that dist/ is current.
    const build = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.build.json'], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 600_000,
    });
    assert.equal(build.status, 0, `${build.stdout}${build.stderr}`);

    const register = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(guard)})`;
    const child = spawn(process.execPath, ['--import', register, bin, 'start'], {
      cwd: repo,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', BOURSE_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c));
    child.stderr.on('data', (c: Buffer) => (output += c));
    try {
      const api = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the built bourse did not start:\n${output}`)), 60_000);
        const poll = setInterval(() => {
          const m = /API\s+(http:\/\/[^/\s]+)\/api\/v1/.exec(output);
          if (m) {
            clearTimeout(timer);
            clearInterval(poll);
            resolve(m[1]!);
          }
        }, 50);
        child.once('exit', (code) => {
          clearTimeout(timer);
          clearInterval(poll);
          reject(new Error(`the built bourse exited with ${code}:\n${output}`));
        });
      });
      const ready = await fetch(`${api}/ready`);
      assert.equal(ready.status, 200, await ready.text());
      // The synthetic feed's first ticks reach the store within a few hundred milliseconds.
      let quote: Response | undefined;
      for (let i = 0; i < 200; i++) {
        quote = await fetch(`${api}/api/v1/quotes/AAPL`);
        if (quote.status === 200) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(quote?.status, 200, output);
      assert.equal(((await quote!.json()) as { symbol: string }).symbol, 'AAPL');
    } finally {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    }
    assert.doesNotMatch(output, /TypeScript source/);
  });
});

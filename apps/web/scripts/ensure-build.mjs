#!/usr/bin/env node
// Builds the dashboard when apps/web/dist is missing or older than its sources, so that `npm start` serves
// the current app with no step to remember (root `prestart`). Up to date, it only compares file times.
// Where the bundler is not installed (a production install without dev dependencies), it says so and
// leaves the API to run without the dashboard.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(web, 'dist', 'index.html');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(web, p)).filter(existsSync);
const stale = !existsSync(built) || statSync(built).mtimeMs < Math.max(...sources.map(newest));
if (stale) {
  let vite;
  try {
    vite = join(dirname(createRequire(join(web, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    console.warn('apps/web: vite is not installed, so the dashboard is not built (the API runs without it)');
    process.exit(0);
  }
  console.log('apps/web: building the dashboard (its sources changed since the last build)…');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: web, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { App } from '@bourse/kit';
import Fastify from 'fastify';
import { registerWeb } from './web.ts';

/** The dashboard's files and its deep links, from a build folder made for the test. */
describe('the dashboard at /', () => {
  const root = mkdtempSync(join(tmpdir(), 'bourse-web-dist-'));
  const app = Fastify();
  before(async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    app.get('/api/v1/ping', async () => ({ ok: true }));
    assert.equal(await registerWeb(app as unknown as App, root), true);
    await app.ready();
  });
  after(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers / and every page of the app with index.html, never cached', async () => {
    for (const url of ['/', '/instrument/AAPL', '/instrument/BRK.B', '/options/SPX?expiry=2026-12-18', '/signin?next=%2Fkeys']) {
      const r = await app.inject({ url });
      assert.equal(r.statusCode, 200, url);
      assert.match(r.body, /<div id="root">/, url);
      assert.equal(r.headers['cache-control'], 'no-cache', url);
    }
  });

  it('serves hashed assets for a year and a missing one as a 404', async () => {
    const hit = await app.inject({ url: '/assets/index-abc123.js' });
    assert.equal(hit.statusCode, 200);
    assert.match(String(hit.headers['cache-control']), /max-age=31536000.*immutable/);
    assert.equal((await app.inject({ url: '/assets/index-old.js' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/favicon.ico' })).statusCode, 404);
  });

  it('leaves the API and the process endpoints alone', async () => {
    assert.deepEqual((await app.inject({ url: '/api/v1/ping' })).json(), { ok: true });
    for (const url of ['/api/v1/nope', '/ws', '/metrics', '/ready', '/docs/x', '/openapi.json']) {
      assert.equal((await app.inject({ url })).statusCode, 404, url);
    }
  });
});

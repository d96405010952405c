import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '@bourse/core';
import { type RunningProcess, startProcess } from '@bourse/kit';
import { gatewayService } from './index.ts';

/** The gateway's public HTTP behaviour in the embedded shape, through inject. */
describe('gateway', () => {
  let running: RunningProcess<never>;
  before(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    running = await startProcess({
      config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
      modules: [gatewayService],
      listen: false,
    });
  });
  after(() => running.stop());

  it('answers an unknown route with 404 and the error body naming the method and path, without the query', async () => {
    const r = await running.app.inject({ method: 'GET', url: '/api/v1/no-such-route?x=1' });
    assert.equal(r.statusCode, 404);
    assert.deepEqual(r.json(), { error: { code: 'not_found', message: 'Route GET /api/v1/no-such-route not found' } });
  });

  it('passes a well-formed x-request-id through and replaces one that is not', async () => {
    const given = 'req-abc-123';
    const r = await running.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': given } });
    assert.equal(r.headers['x-request-id'], given);
    const bad = await running.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'bad id\twith spaces' } });
    const replaced = String(bad.headers['x-request-id']);
    assert.notEqual(replaced, 'bad id\twith spaces');
    assert.match(replaced, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('serves one OpenAPI 3 document at /openapi.json', async () => {
    const r = await running.app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(r.statusCode, 200);
    const doc = r.json() as { openapi: string; paths: Record<string, unknown> };
    assert.match(doc.openapi, /^3\./);
    assert.equal(typeof doc.paths, 'object');
  });
});

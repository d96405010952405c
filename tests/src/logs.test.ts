import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '@bourse/core';
import type { RunningProcess } from '@bourse/kit';
import { createUser } from '@bourse/svc-auth';
import { start } from '@bourse/cli';
import { eventually } from './testing/servers.ts';

/** Central logs in the embedded shape: every service's lines reach the logs service through the in-process bus. */
const PASSWORD = 'quartz-meadow-17-ferry';

describe('central logs', { timeout: 120_000 }, () => {
  let running: RunningProcess;
  let dir: string;
  const tokens: Record<string, string> = {};

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bourse-logs-'));
    running = await start(
      loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        BOURSE_LOG_STDOUT: 'false',
        PORT: '0',
        BOURSE_DATA_DIR: dir,
        BOURSE_FEED_ENABLED: 'false',
      }),
      [],
    );
    const repo = running.ctx.store.auth;
    await createUser(repo, { email: 'logs-admin@example.com', password: PASSWORD, role: 'admin' });
    await createUser(repo, { email: 'logs-user@example.com', password: PASSWORD, role: 'user' });
    for (const who of ['admin', 'user']) {
      const r = await running.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `logs-${who}@example.com`, password: PASSWORD },
      });
      tokens[who] = r.json().accessToken;
    }
  });
  after(async () => {
    await running?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const logs = (query: string, who = 'admin') =>
    running.app.inject({ method: 'GET', url: `/api/v1/logs?${query}`, headers: { authorization: `Bearer ${tokens[who]}` } });

  it('follows one request across services by its request id', async () => {
    const requestId = `follow-${Date.now()}`;
    const created = await running.app.inject({
      method: 'POST',
      url: '/api/v1/symbols',
      headers: { authorization: `Bearer ${tokens.admin}`, 'x-request-id': requestId },
      payload: {
        symbol: 'LOGZ',
        name: 'Logs Inc',
        exchange: 'NYSE',
        assetClass: 'equity',
        currency: 'USD',
        tickSize: 0.01,
        lotSize: 1,
        streamable: true,
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.headers['x-request-id'], requestId);
    const lines = await eventually('the lines of both services', async () => {
      const r = await logs(`requestId=${requestId}`);
      assert.equal(r.statusCode, 200, r.body);
      const data = r.json().data as { service: string; msg: string; requestId: string }[];
      const services = new Set(data.map((l) => l.service));
      return services.has('symbols') && services.has('ingest') ? data : undefined;
    });
    assert.ok(lines.every((l) => l.requestId === requestId));
    assert.ok(lines.some((l) => l.service === 'ingest' && l.msg.includes('instrument registered')));
    // Filters: service, level, text, time.
    const bySvc = (await logs(`requestId=${requestId}&service=ingest&q=ACCEPTING&level=info`)).json().data;
    assert.equal(bySvc.length, 1);
    assert.equal((await logs(`requestId=${requestId}&level=error`)).json().data.length, 0);
    assert.equal((await logs(`requestId=${requestId}&until=${new Date(Date.now() - 3600_000).toISOString()}`)).json().data.length, 0);
    assert.ok((await logs(`service=logs&limit=5`)).json().data.length >= 1, 'the logs service logs its own start');
  });

  it('serves the logs to admins only and validates the query', async () => {
    assert.equal((await running.app.inject({ method: 'GET', url: '/api/v1/logs' })).statusCode, 401);
    assert.equal((await logs('', 'user')).statusCode, 403);
    assert.equal((await logs('level=loud')).statusCode, 400);
    assert.equal((await logs("requestId=' OR 1=1 --")).statusCode, 400);
    const r = await logs(`q=${encodeURIComponent("'; DROP TABLE logs; --")}`);
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json().data, []);
  });

  it('deletes lines past the retention period', async () => {
    const repo = running.ctx.store.logs;
    const old = Date.now() - 100 * 3600_000;
    await repo.insertMany([
      { ts: old, service: 'old', level: 'info', instance: null, requestId: 'old-1', msg: 'ancient', line: { msg: 'ancient' } },
    ]);
    assert.equal((await logs('requestId=old-1')).json().data.length, 1);
    assert.ok((await repo.deleteBefore(Date.now() - 72 * 3600_000)) >= 1);
    assert.equal((await logs('requestId=old-1')).json().data.length, 0);
  });
});

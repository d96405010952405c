import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConfig } from '@bourse/core';
import { API_KEY_PREFIX, hashSecret, startProcess } from '@bourse/kit';
import { MIGRATIONS } from '@bourse/store';
import { logsService } from './index.ts';

describe('migrations admin API', async () => {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const running = await startProcess({
    config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
    modules: [logsService],
    listen: false,
  });
  after(() => running.stop());
  const { store } = running.ctx;
  const keyFor = async (role: 'admin' | 'user') => {
    const user = await store.auth.createUser({ id: crypto.randomUUID(), email: `${role}@example.com`, passwordHash: 'x', role });
    const key = `${API_KEY_PREFIX}mig-test-${crypto.randomUUID()}`;
    await store.auth.createApiKey({
      id: crypto.randomUUID(),
      userId: user.id,
      name: 't',
      keyHash: hashSecret(key),
      prefix: key.slice(0, 8),
      readOnly: false,
    });
    return key;
  };
  const admin = await keyFor('admin');
  const user = await keyFor('user');
  const names = Object.keys(MIGRATIONS).sort();
  const [last, second, third] = [names.at(-1)!, names.at(-2)!, names.at(-3)!];
  const call = async (method: 'GET' | 'POST', url: string, body?: object, key: string | null = admin) => {
    const r = await running.app.inject({
      method,
      url,
      ...(body ? { payload: body } : {}),
      ...(key ? { headers: { 'x-api-key': key } } : {}),
    });
    return { status: r.statusCode, body: r.json() };
  };

  it('lists every migration as applied after start, for admins only', async () => {
    const r = await call('GET', '/api/v1/data/migrations');
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.applied.map((m: { name: string }) => m.name),
      names,
    );
    assert.ok(r.body.applied.every((m: { appliedAt: number }) => Number.isInteger(m.appliedAt)));
    assert.deepEqual(r.body.pending, []);
    assert.equal((await call('GET', '/api/v1/data/migrations', undefined, user)).status, 403);
    assert.equal((await call('GET', '/api/v1/data/migrations', undefined, null)).status, 401);
    assert.equal((await call('POST', '/api/v1/data/migrations/rollback', { to: third }, user)).status, 403);
  });

  it('says what a rollback would undo without doing it (dryRun, the default)', async () => {
    const r = await call('POST', '/api/v1/data/migrations/rollback', { to: third });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { to: third, dryRun: true, undone: [last, second] });
    assert.deepEqual((await call('GET', '/api/v1/data/migrations')).body.pending, []);
  });

  it('undoes the migrations after `to`, newest first, and they show as pending until applied again', async () => {
    const r = await call('POST', '/api/v1/data/migrations/rollback', { to: third, dryRun: false });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { to: third, dryRun: false, undone: [last, second] });
    const status = (await call('GET', '/api/v1/data/migrations')).body;
    assert.deepEqual(
      status.pending.map((m: { name: string }) => m.name),
      [second, last],
    );
    assert.deepEqual((await call('POST', '/api/v1/data/migrations/rollback', { to: second })).status, 400); // pending
    assert.deepEqual(await store.migrate.up(), [second, last]);
    assert.deepEqual((await call('POST', '/api/v1/data/migrations/rollback', { to: last, dryRun: false })).body.undone, []);
  });

  it('refuses an unknown migration and a malformed body', async () => {
    const r = await call('POST', '/api/v1/data/migrations/rollback', { to: '9999_nope' });
    assert.equal(r.status, 400);
    assert.match(r.body.error.message, /must name a migration/);
    assert.equal((await call('POST', '/api/v1/data/migrations/rollback', { to: third, extra: 1 })).status, 400);
    assert.equal((await call('POST', '/api/v1/data/migrations/rollback', {})).status, 400);
  });
});

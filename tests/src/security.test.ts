import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '@bourse/core';
import { testServerUrl } from '@bourse/core/testing';
import { ACCESS_TOKEN_AUDIENCE, type RunningProcess } from '@bourse/kit';
import { createUser } from '@bourse/svc-auth';
import { SignJWT } from 'jose';
import { start } from '@bourse/cli';

/**
 * Tests that try to break in, against the whole embedded process: an authorisation matrix
 * generated from the route table, and the edge's rate limits (shared through Redis when a
 * test server is given, failing closed when it is unreachable).
 */
const PASSWORD = 'quartz-meadow-17-ferry';
const redisUrl = testServerUrl('redis');

async function boot(env: Record<string, string>): Promise<{ running: RunningProcess; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'bourse-sec-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    BOURSE_DATA_DIR: dir,
    BOURSE_FEED_ENABLED: 'false',
    // The authorisation matrix sends every route from one address; the rate-limit tests below turn it on.
    BOURSE_RATE_LIMIT_ENABLED: 'false',
    ...env,
  });
  const running = await start(config, []);
  return {
    running,
    cleanup: async () => {
      await running.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A concrete URL for a route pattern: parameters get harmless values. */
function concrete(url: string): string {
  return url
    .replace(/:id\b/g, '00000000-0000-4000-8000-000000000000')
    .replace(/:[A-Za-z]+/g, 'AAPL')
    .replace(/\*$/, 'x');
}

describe('authorisation matrix from the route table', { timeout: 120_000 }, () => {
  let running: RunningProcess;
  let cleanup: () => Promise<void>;
  const tokens: Record<string, string> = {};
  let revokedKey = '';

  before(async () => {
    ({ running, cleanup } = await boot({}));
    const repo = running.ctx.store.auth;
    await createUser(repo, { email: 'admin@example.com', password: PASSWORD, role: 'admin' });
    await createUser(repo, { email: 'user@example.com', password: PASSWORD, role: 'user' });
    const login = async (email: string) =>
      (await running.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } })).json()
        .accessToken as string;
    tokens.admin = await login('admin@example.com');
    tokens.user = await login('user@example.com');
    const created = await running.app.inject({
      method: 'POST',
      url: '/api/v1/auth/api-keys',
      headers: { authorization: `Bearer ${tokens.user}` },
      payload: { name: 'revoked' },
    });
    revokedKey = created.json().key;
    await running.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/api-keys/${created.json().id}`,
      headers: { authorization: `Bearer ${tokens.user}` },
    });
  });
  after(() => cleanup());

  const sign = async (claims: { role: string; sub: string }, opts: { expired?: boolean; key?: 'other' } = {}) => {
    const { keys } = running.ctx;
    const jwt = new SignJWT({ role: claims.role })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid: keys.kid })
      .setSubject(claims.sub)
      .setIssuer('bourse')
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt(opts.expired ? Math.floor(Date.now() / 1000) - 3600 : undefined)
      .setExpirationTime(opts.expired ? Math.floor(Date.now() / 1000) - 1800 : '10m');
    return jwt.sign(opts.key === 'other' ? generateKeyPairSync('ed25519').privateKey : keys.privateKey);
  };

  it('refuses every protected route without valid credentials (401) and without the right (403)', async () => {
    const table = running.app.accessTable.filter((r) => r.level === 'user' || r.level === 'admin');
    assert.ok(
      table.some((r) => r.method === 'POST' && r.url === '/api/v1/symbols' && r.level === 'admin'),
      'POST /symbols is admin-only',
    );
    const userSub = JSON.parse(Buffer.from(tokens.user!.split('.')[1]!, 'base64url').toString()).sub as string;
    const none = `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${tokens.admin!.split('.')[1]}.`;
    const attacks: [string, Record<string, string>, number][] = [
      ['no token', {}, 401],
      ['expired token', { authorization: `Bearer ${await sign({ role: 'admin', sub: userSub }, { expired: true })}` }, 401],
      ['token signed by another key', { authorization: `Bearer ${await sign({ role: 'admin', sub: userSub }, { key: 'other' })}` }, 401],
      ['alg none', { authorization: `Bearer ${none}` }, 401],
      ['malformed header', { authorization: 'Bearer' }, 401],
      ['two schemes', { authorization: 'Token abc' }, 401],
      ['revoked API key', { 'x-api-key': revokedKey }, 401],
    ];
    let cases = 0;
    for (const route of table) {
      const url = concrete(route.url);
      const expectations = [...attacks];
      if (route.level === 'admin') expectations.push(['user token on an admin route', { authorization: `Bearer ${tokens.user}` }, 403]);
      for (const [what, headers, status] of expectations) {
        const r = await running.app.inject({
          method: route.method as 'GET',
          url,
          headers,
          ...(route.method === 'GET' ? {} : { payload: {} }),
        });
        assert.equal(r.statusCode, status, `${route.method} ${route.url} with ${what}: ${r.statusCode} ${r.body}`);
        assert.equal(r.json().error.code, status === 401 ? 'unauthorized' : 'forbidden');
        cases++;
      }
    }
    assert.ok(cases >= 8 * table.length - table.length);
  });

  it('keeps private resources to their owner', async () => {
    const created = await running.app.inject({
      method: 'POST',
      url: '/api/v1/auth/api-keys',
      headers: { authorization: `Bearer ${tokens.admin}` },
      payload: { name: 'admin-key' },
    });
    const theirs = await running.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/api-keys/${created.json().id}`,
      headers: { authorization: `Bearer ${tokens.user}` },
    });
    assert.equal(theirs.statusCode, 404);
    const list = await running.app.inject({
      method: 'GET',
      url: '/api/v1/auth/api-keys',
      headers: { authorization: `Bearer ${tokens.user}` },
    });
    assert.ok(!list.body.includes(created.json().id));
  });

  it('lets an admin register an instrument', async () => {
    const r = await running.app.inject({
      method: 'POST',
      url: '/api/v1/symbols',
      headers: { authorization: `Bearer ${tokens.admin}` },
      payload: {
        symbol: 'SECU',
        name: 'S',
        exchange: 'NYSE',
        assetClass: 'equity',
        currency: 'USD',
        tickSize: 0.01,
        lotSize: 1,
        streamable: true,
      },
    });
    assert.equal(r.statusCode, 201, r.body);
  });

  it('sends security headers and no CORS grant to an origin not on the list', async () => {
    const r = await running.app.inject({ method: 'GET', url: '/api/v1/exchanges', headers: { origin: 'https://evil.example' } });
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.ok(r.headers['strict-transport-security']);
    assert.equal(r.headers['access-control-allow-origin'], undefined);
  });
});

describe('rate limits at the edge', { timeout: 120_000 }, () => {
  it('answers 429 with Retry-After past the anonymous budget, and gives signed-in callers their own', async () => {
    const { running, cleanup } = await boot({
      BOURSE_RATE_LIMIT_ENABLED: 'true',
      BOURSE_RATE_LIMIT_ANONYMOUS: '5',
      BOURSE_RATE_LIMIT_USER: '8',
      BOURSE_CORS_ORIGINS: 'https://app.example',
    });
    try {
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof running.app.inject>> | undefined;
      for (let i = 0; i < 6; i++) {
        last = await running.app.inject({ method: 'GET', url: '/api/v1/exchanges', headers: { origin: 'https://app.example' } });
        statuses.push(last.statusCode);
      }
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
      assert.equal(last!.json().error.code, 'rate_limited');
      assert.ok(Number(last!.headers['retry-after']) >= 1);
      assert.equal(last!.headers['ratelimit-limit'], '5');
      assert.equal(last!.headers['access-control-allow-origin'], 'https://app.example');
      // Health is never limited.
      assert.equal((await running.app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    } finally {
      await cleanup();
    }
  });

  it('shares counters between two gateways through Redis', { skip: redisUrl ? false : 'needs BOURSE_TEST_REDIS_URL' }, async () => {
    const env = {
      BOURSE_RATE_LIMIT_ENABLED: 'true',
      BOURSE_RATE_LIMIT_ANONYMOUS: '6',
      BOURSE_RATE_LIMIT_REDIS_URL: redisUrl!,
      BOURSE_RATE_LIMIT_WINDOW_MS: '60000',
    };
    const a = await boot(env);
    const b = await boot(env);
    try {
      // A fresh client address so that earlier runs' counters do not interfere.
      const ip = `10.${(Date.now() >> 16) & 255}.${(Date.now() >> 8) & 255}.${Date.now() & 255}`;
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const app = (i % 2 === 0 ? a : b).running.app;
        statuses.push((await app.inject({ method: 'GET', url: '/api/v1/exchanges', remoteAddress: ip })).statusCode);
      }
      assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });

  it('fails closed with 503 when Redis is unreachable, and open when configured so', async () => {
    const closed = await boot({ BOURSE_RATE_LIMIT_ENABLED: 'true', BOURSE_RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const r = await closed.running.app.inject({ method: 'GET', url: '/api/v1/exchanges' });
      assert.equal(r.statusCode, 503, r.body);
      assert.equal(r.json().error.code, 'unavailable');
    } finally {
      await closed.cleanup();
    }
    const open = await boot({
      BOURSE_RATE_LIMIT_ENABLED: 'true',
      BOURSE_RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:1',
      BOURSE_RATE_LIMIT_FAIL_OPEN: 'true',
    });
    try {
      assert.equal((await open.running.app.inject({ method: 'GET', url: '/api/v1/exchanges' })).statusCode, 200);
    } finally {
      await open.cleanup();
    }
  });
});

import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '@bourse/core';
import { testServerUrl } from '@bourse/core/testing';
import { defineService, type RunningProcess, startProcess } from '@bourse/kit';
import { authService } from './index.ts';

/**
 * Logout, a replayed refresh token and a password change end the session's access tokens at once,
 * wherever they are verified, not up to 15 minutes later: checked on a route that trusts the token
 * alone (no session lookup in the database), in the same process as the auth service (embedded)
 * and in another process sharing Redis with it (a gateway or service of the distributed shape).
 */
const PASSWORD = 'cobalt-orchard-73-signal';
const NEW_PASSWORD = 'saffron-bridge-19-lantern';
const redisUrl = testServerUrl('redis');

/** A route that only the edge protects: what any service other than auth does with a token. */
const probe = defineService({
  name: 'probe',
  description: 'Echoes the principal of a valid access token',
  needs: [],
  prefixes: ['/probe'],
  async routes(app) {
    app.get('/probe', { config: { auth: 'user' } }, async (request) => ({ userId: request.principal!.userId }));
  },
});

function config(env: Record<string, string>) {
  const c = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
  return { ...c, database: { kind: 'pglite', dir: 'memory://' } as const };
}

interface Setup {
  /** Where accounts live. */
  auth: RunningProcess['app'];
  /** Where the tokens are used. */
  edge: RunningProcess['app'];
  stop(): Promise<void>;
}

async function embedded(): Promise<Setup> {
  const running = await startProcess({ config: config({}), modules: [authService, probe], listen: false });
  return { auth: running.app, edge: running.app, stop: () => running.stop() };
}

async function distributed(redis: string): Promise<Setup> {
  const auth = await startProcess({ config: config({ BOURSE_CACHE_URL: redis }), modules: [authService], listen: false });
  const publicKey = auth.ctx.keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const edge = await startProcess({
    config: config({ BOURSE_CACHE_URL: redis, BOURSE_JWT_PUBLIC_KEY: publicKey }),
    modules: [probe],
    listen: false,
  });
  return {
    auth: auth.app,
    edge: edge.app,
    stop: async () => {
      await Promise.all([auth.stop(), edge.stop()]);
    },
  };
}

for (const [shape, make] of [
  ['one process, memory cache', embedded],
  ['auth and another process sharing Redis', () => distributed(redisUrl!)],
] as const) {
  const skip = shape.includes('Redis') && !redisUrl ? 'BOURSE_TEST_REDIS_URL not set' : false;
  describe(`ending access tokens early (${shape})`, { skip, timeout: 60_000 }, () => {
    let setup: Setup;
    let ip = '';
    before(async () => {
      setup = await make();
    });
    after(() => setup.stop());

    const post = async (url: string, payload: object, token?: string) => {
      const r = await setup.auth.inject({
        method: 'POST',
        url,
        payload,
        remoteAddress: ip,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      return { status: r.statusCode, body: r.body ? r.json() : undefined };
    };
    const account = async () => {
      ip = `10.${[...randomBytes(3)].join('.')}`;
      const email = `revoke-${randomUUID()}@example.com`;
      assert.equal((await post('/api/v1/auth/register', { email, password: PASSWORD })).status, 201);
      return email;
    };
    const login = async (email: string, password = PASSWORD) => {
      const r = await post('/api/v1/auth/login', { email, password });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body as { accessToken: string; refreshToken: string };
    };
    const use = async (token: string) => {
      const r = await setup.edge.inject({ method: 'GET', url: '/api/v1/probe', headers: { authorization: `Bearer ${token}` } });
      return { status: r.statusCode, body: r.json() };
    };

    it('logout refuses that session’s access token at once, and no other session’s', async () => {
      const email = await account();
      const [ending, other] = [await login(email), await login(email)];
      assert.equal((await use(ending.accessToken)).status, 200);
      assert.equal((await post('/api/v1/auth/logout', { refreshToken: ending.refreshToken })).status, 204);
      const refused = await use(ending.accessToken);
      assert.equal(refused.status, 401);
      assert.deepEqual(refused.body, { error: { code: 'unauthorized', message: 'session ended' } });
      assert.equal((await use(other.accessToken)).status, 200, 'another session of the same user goes on');
    });

    it('a replayed refresh token ends the access tokens of its session, the newest one included', async () => {
      const email = await account();
      const first = await login(email);
      const second = (await post('/api/v1/auth/refresh', { refreshToken: first.refreshToken })).body;
      assert.equal((await use(second.accessToken)).status, 200);
      assert.equal((await post('/api/v1/auth/refresh', { refreshToken: first.refreshToken })).status, 401);
      assert.equal((await use(first.accessToken)).status, 401);
      assert.equal((await use(second.accessToken)).status, 401);
    });

    it('a password change refuses every token signed before it, and accepts the next sign-in’s at once', async () => {
      const email = await account();
      const [a, b] = [await login(email), await login(email)];
      const bystander = await login(await account());
      assert.equal(
        (await post('/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, a.accessToken)).status,
        204,
      );
      assert.equal((await use(a.accessToken)).status, 401);
      assert.equal((await use(b.accessToken)).status, 401);
      // Signed within the same second as the change, very likely: whole seconds would refuse it too.
      const fresh = await login(email, NEW_PASSWORD);
      assert.equal((await use(fresh.accessToken)).status, 200);
      assert.equal((await use(bystander.accessToken)).status, 200, 'other users are untouched');
    });
  });
}

describe('revocation checks when Redis is unreachable', { timeout: 30_000 }, () => {
  it('refuse with 503 rather than accept a token that may have been revoked', async () => {
    const auth = await startProcess({ config: config({}), modules: [authService], listen: false });
    const publicKey = auth.ctx.keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const edge = await startProcess({
      config: config({ BOURSE_CACHE_URL: 'redis://127.0.0.1:1', BOURSE_JWT_PUBLIC_KEY: publicKey }),
      modules: [probe],
      listen: false,
    });
    try {
      const email = `down-${randomUUID()}@example.com`;
      await auth.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: PASSWORD } });
      const token = (await auth.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD } })).json()
        .accessToken as string;
      const r = await edge.app.inject({ method: 'GET', url: '/api/v1/probe', headers: { authorization: `Bearer ${token}` } });
      assert.equal(r.statusCode, 503, r.body);
      assert.equal(r.json().error.code, 'unavailable');
    } finally {
      await Promise.all([auth.stop(), edge.stop()]);
    }
  });
});

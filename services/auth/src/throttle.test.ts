import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '@bourse/core';
import { testServerUrl } from '@bourse/core/testing';
import { type RunningProcess, startProcess } from '@bourse/kit';
import { authService } from './index.ts';
import { DEFAULT_THROTTLE } from './throttle.ts';

/**
 * Login throttling under concurrency: a burst of wrong-password logins fired at once gets no more
 * than the budget through to the password check (401) and the rest refused (429), on the embedded
 * cache and on Redis, and across two auth processes sharing Redis. Unknown emails get the same.
 */
const PASSWORD = 'amber-tunnel-58-compass';
const BURST = 50;
/** The free attempts and the one that shuts the gate behind it. */
const ACCOUNT_BUDGET = DEFAULT_THROTTLE.accountFree + 1;
const IP_BUDGET = DEFAULT_THROTTLE.ipFree + 1;
const redisUrl = testServerUrl('redis');

async function boot(cache: string): Promise<RunningProcess> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BOURSE_CACHE_URL: cache });
  return startProcess({ config: { ...config, database: { kind: 'pglite', dir: 'memory://' } }, modules: [authService], listen: false });
}

/** A client address of its own per test, so that runs sharing a Redis do not meet. */
function freshIp(): string {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

interface Answer {
  status: number;
  body: string;
  retryAfter: string | undefined;
}

async function login(app: RunningProcess['app'], email: string, password: string, ip: string): Promise<Answer> {
  const r = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
  const retryAfter = r.headers['retry-after'];
  return { status: r.statusCode, body: r.body, retryAfter: retryAfter === undefined ? undefined : String(retryAfter) };
}

function tally(answers: readonly Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}

for (const [adapter, cache] of [
  ['memory', 'memory'],
  ['redis', redisUrl],
] as const) {
  describe(`login throttle under a burst (${adapter} cache)`, {
    skip: cache ? false : 'BOURSE_TEST_REDIS_URL not set',
    timeout: 60_000,
  }, () => {
    let running: RunningProcess;
    before(async () => {
      running = await boot(cache!);
    });
    after(() => running.stop());

    it(`lets ${ACCOUNT_BUDGET} of ${BURST} concurrent wrong passwords for one account be checked, refuses the rest, and answers an unknown email alike`, async () => {
      const email = `burst-${randomUUID()}@example.com`;
      const register = await running.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: PASSWORD } });
      assert.equal(register.statusCode, 201, register.body);
      const ip = freshIp();
      const burst = (to: string) => Promise.all(Array.from({ length: BURST }, (_, i) => login(running.app, to, `wrong-password-${i}`, ip)));

      const known = await burst(email);
      assert.deepEqual(tally(known), { 401: ACCOUNT_BUDGET, 429: BURST - ACCOUNT_BUDGET });
      const unknown = await burst(`nobody-${randomUUID()}@example.com`);
      assert.deepEqual(tally(unknown), { 401: ACCOUNT_BUDGET, 429: BURST - ACCOUNT_BUDGET });
      // Word for word the same answers (and waits), whether the account exists or not.
      const distinct = (answers: readonly Answer[]) => [...new Set(answers.map((a) => `${a.status} ${a.retryAfter} ${a.body}`))].sort();
      assert.deepEqual(distinct(known), distinct(unknown));
      for (const a of known.filter((x) => x.status === 429)) {
        assert.equal(JSON.parse(a.body).error.code, 'rate_limited');
        assert.ok(Number(a.retryAfter) >= 1, `Retry-After ${a.retryAfter}`);
      }

      // While the gate is shut even the right password waits; once it opens, it signs in and the count starts afresh.
      assert.equal((await login(running.app, email, PASSWORD, ip)).status, 429);
      await sleep(DEFAULT_THROTTLE.baseDelayMs + 100);
      assert.equal((await login(running.app, email, PASSWORD, ip)).status, 200);
      const again = await Promise.all(Array.from({ length: 3 }, (_, i) => login(running.app, email, `wrong-again-${i}`, ip)));
      assert.deepEqual(tally(again), { 401: 3 });
    });

    it(`lets ${IP_BUDGET} of ${BURST} concurrent logins from one address (each a different email) be checked`, async () => {
      const ip = freshIp();
      const answers = await Promise.all(
        Array.from({ length: BURST }, () => login(running.app, `spray-${randomUUID()}@example.com`, 'wrong-password-spray', ip)),
      );
      assert.deepEqual(tally(answers), { 401: IP_BUDGET, 429: BURST - IP_BUDGET });
      // Another address is not held up by this one.
      assert.equal((await login(running.app, `spray-${randomUUID()}@example.com`, 'wrong-password-spray', freshIp())).status, 401);
    });
  });
}

describe('login throttle across two auth processes sharing Redis', {
  skip: redisUrl ? false : 'BOURSE_TEST_REDIS_URL not set',
  timeout: 60_000,
}, () => {
  let a: RunningProcess;
  let b: RunningProcess;
  before(async () => {
    [a, b] = await Promise.all([boot(redisUrl!), boot(redisUrl!)]);
  });
  after(async () => {
    await Promise.all([a.stop(), b.stop()]);
  });

  it(`holds one budget: ${ACCOUNT_BUDGET} of ${BURST} concurrent attempts split over both are checked`, async () => {
    const email = `split-${randomUUID()}@example.com`;
    const ip = freshIp();
    const answers = await Promise.all(Array.from({ length: BURST }, (_, i) => login((i % 2 ? a : b).app, email, `wrong-${i}`, ip)));
    assert.deepEqual(tally(answers), { 401: ACCOUNT_BUDGET, 429: BURST - ACCOUNT_BUDGET });
  });
});

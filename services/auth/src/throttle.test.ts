import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it, mock } from 'node:test';
import { testServerUrl } from '@bourse/core/testing';
import { type Cache, createCache } from '@bourse/cache';
import { loadConfig, RateLimitedError } from '@bourse/core';
import { type RunningProcess, startProcess } from '@bourse/kit';
import { authService } from './index.ts';
import { DEFAULT_THROTTLE, LoginThrottle } from './throttle.ts';

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

/** The auth service's process: its context has the ports auth declared. */
type AuthProcess = RunningProcess<'store' | 'cache' | 'keys'>;
async function boot(cache: string): Promise<AuthProcess> {
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

/** Until /ready says every dependency (the cache among them) answers; fails after 20 s. */
async function ready(p: AuthProcess): Promise<void> {
  const until = Date.now() + 20_000;
  for (;;) {
    const r = await p.app.inject({ method: 'GET', url: '/ready' });
    if (r.statusCode === 200) return;
    if (Date.now() > until) assert.fail(`not ready: ${r.body}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Hold the process clock still while `fn` runs. The service's gates open by that clock, 1 s after a
 * burst shuts them: a burst (and the check after it) that outlasts the gate on a slow machine would
 * otherwise meet it open again, and the counts would depend on how fast the machine is.
 */
async function withClockStopped<T>(fn: () => Promise<T>): Promise<T> {
  mock.timers.enable({ apis: ['Date'], now: Date.now() });
  try {
    return await fn();
  } finally {
    mock.timers.reset();
  }
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
    let running: AuthProcess;
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

      await withClockStopped(async () => {
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

        // While the gate is shut the next attempt from this account is refused too, whatever its password.
        assert.equal((await login(running.app, email, PASSWORD, ip)).status, 429);
      });
    });

    it(`lets ${IP_BUDGET} of ${BURST} concurrent logins from one address (each a different email) be checked`, async () => {
      const ip = freshIp();
      const answers = await withClockStopped(() =>
        Promise.all(
          Array.from({ length: BURST }, () => login(running.app, `spray-${randomUUID()}@example.com`, 'wrong-password-spray', ip)),
        ),
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
  let a: AuthProcess;
  let b: AuthProcess;
  before(async () => {
    [a, b] = await Promise.all([boot(redisUrl!), boot(redisUrl!)]);
    // The burst starts once both hold a live Redis connection: on a loaded machine a connection still
    // being made when the first command comes answers that command 503, which is not what is tested here.
    for (const p of [a, b]) await ready(p);
  });
  after(async () => {
    await Promise.all([a.stop(), b.stop()]);
  });

  it(`holds one budget: ${ACCOUNT_BUDGET} of ${BURST} concurrent attempts split over both are checked`, async () => {
    const email = `split-${randomUUID()}@example.com`;
    const ip = freshIp();
    const answers = await withClockStopped(() =>
      Promise.all(Array.from({ length: BURST }, (_, i) => login((i % 2 ? a : b).app, email, `wrong-${i}`, ip))),
    );
    assert.deepEqual(tally(answers), { 401: ACCOUNT_BUDGET, 429: BURST - ACCOUNT_BUDGET });
  });
});

/** A clock the test steps by hand: the gates open when it says so, however slow the machine. */
function manualClock(start = Date.UTC(2026, 0, 5, 9, 0)) {
  let t = start;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

async function refused(p: Promise<unknown>): Promise<number> {
  const err = await p.then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof RateLimitedError, String(err));
  return (err as RateLimitedError & { details?: { retryAfterSeconds?: number } }).details?.retryAfterSeconds ?? Number.NaN;
}

for (const [adapter, url] of [
  ['memory', 'memory'],
  ['redis', redisUrl],
] as const) {
  describe(`login throttle gates on an injected clock (${adapter} cache)`, { skip: url ? false : 'BOURSE_TEST_REDIS_URL not set' }, () => {
    let cache: Cache;
    before(() => {
      cache = createCache(url === 'memory' ? { kind: 'memory' } : { kind: 'redis', url: url! }, {
        prefix: `throttle-test-${randomUUID()}:`,
      });
    });
    after(() => cache.close());

    it('keeps the gate shut for 1 s, then 2 s, until the clock passes it, and starts afresh after a success', async () => {
      const clock = manualClock();
      const throttle = new LoginThrottle(cache, DEFAULT_THROTTLE, clock.now);
      const email = `clock-${randomUUID()}@example.com`;
      const ip = freshIp();
      // The free attempts pass; the next one passes by shutting the gate for 1 s (base delay).
      for (let i = 0; i < DEFAULT_THROTTLE.accountFree; i++) await throttle.reserve(email, ip);
      await throttle.reserve(email, ip);
      assert.equal(await refused(throttle.reserve(email, ip)), 1);
      clock.advance(DEFAULT_THROTTLE.baseDelayMs - 1);
      assert.equal(await refused(throttle.reserve(email, ip)), 1);
      // Open at 1 s: the one attempt that finds it open shuts it again, now for 2 s.
      clock.advance(1);
      await throttle.reserve(email, ip);
      clock.advance(1_000);
      assert.equal(await refused(throttle.reserve(email, ip)), 1);
      clock.advance(999);
      assert.equal(await refused(throttle.reserve(email, ip)), 1);
      clock.advance(1);
      const attempt = await throttle.reserve(email, ip);
      // The right password: the account's count and gate go, so the free attempts are free again.
      await throttle.succeeded(attempt);
      for (let i = 0; i <= DEFAULT_THROTTLE.accountFree; i++) await throttle.reserve(email, ip);
      assert.equal(await refused(throttle.reserve(email, ip)), 1);
    });

    it(`lets ${ACCOUNT_BUDGET} of ${BURST} concurrent attempts through, and counts only those against the account`, async () => {
      const clock = manualClock();
      const throttle = new LoginThrottle(cache, DEFAULT_THROTTLE, clock.now);
      const email = `burst-${randomUUID()}@example.com`;
      const ip = freshIp();
      const results = await Promise.allSettled(Array.from({ length: BURST }, () => throttle.reserve(email, ip)));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, ACCOUNT_BUDGET);
      for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof RateLimitedError);
      // The refused ones gave their reservations back: when the gate opens, the next attempt is the
      // seventh on record and shuts it for 2 s, not for the 15 min that fifty counted attempts would bring.
      clock.advance(DEFAULT_THROTTLE.baseDelayMs);
      await throttle.reserve(email, ip);
      assert.equal(await refused(throttle.reserve(email, ip)), 2);
    });

    it('lets exactly one of a concurrent burst through an opened gate', async () => {
      const clock = manualClock();
      const throttle = new LoginThrottle(cache, DEFAULT_THROTTLE, clock.now);
      const email = `open-${randomUUID()}@example.com`;
      const ip = freshIp();
      for (let i = 0; i <= DEFAULT_THROTTLE.accountFree; i++) await throttle.reserve(email, ip);
      clock.advance(DEFAULT_THROTTLE.baseDelayMs);
      const results = await Promise.allSettled(Array.from({ length: 20 }, () => throttle.reserve(email, ip)));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(r.reason instanceof RateLimitedError);
    });
  });
}

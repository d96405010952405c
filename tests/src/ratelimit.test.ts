import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { testServerUrl } from '@bourse/core/testing';
import { bourse, type Proc, startService, stopProc } from './testing/processes.ts';
import { type PrivateRedis, skipUnlessRedisServer, startPrivateRedis } from './testing/redis.ts';
import { eventually, scratchDatabase } from './testing/servers.ts';

/**
 * Rate limits at the edge of the distributed shape, as separate OS processes: two gateways in
 * front of one symbols service share their counters through a private redis-server. The budget
 * holds across both; when that Redis dies both refuse with 503 (fail closed) rather than let
 * traffic through unlimited, and both recover when it is back on the same port.
 */
const pgUrl = testServerUrl('postgres');
const natsUrl = testServerUrl('nats');
const skip =
  pgUrl && natsUrl ? skipUnlessRedisServer() : 'needs BOURSE_TEST_DATABASE_URL and BOURSE_TEST_NATS_URL (for the symbols service)';
const BUDGET = 6;
const ROUTE = '/api/v1/exchanges';

interface Answer {
  status: number;
  headers: Headers;
  body: { error?: { code: string; message: string } };
}

async function get(base: string, path = ROUTE): Promise<Answer> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
}

describe('rate limits across two gateway processes sharing Redis', { skip, timeout: 180_000 }, () => {
  const procs: Proc[] = [];
  let redis: PrivateRedis | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  let gateways: [Proc, Proc];

  before(async () => {
    redis = await startPrivateRedis();
    const db = await scratchDatabase(pgUrl!);
    dropDb = db.drop;
    const env = { BOURSE_BUS: natsUrl!, BOURSE_DATABASE_URL: db.url };
    const migrate = bourse(['migrate', 'up'], env);
    const [code] = (await once(migrate, 'exit')) as [number];
    assert.equal(code, 0, 'bourse migrate up');
    const symbols = await startService('rl-symbols', 'symbols', env);
    procs.push(symbols);
    const edge = {
      BOURSE_SYMBOLS_URL: symbols.url,
      // The limiter's counters live in the cache's Redis: the private one, which this test stops.
      BOURSE_CACHE_URL: redis.url,
      BOURSE_RATE_LIMIT_ENABLED: 'true',
      BOURSE_RATE_LIMIT_ANONYMOUS: String(BUDGET),
      BOURSE_RATE_LIMIT_WINDOW_MS: '60000',
    };
    gateways = (await Promise.all([startService('rl-gateway-a', 'gateway', edge), startService('rl-gateway-b', 'gateway', edge)])) as [
      Proc,
      Proc,
    ];
    procs.push(...gateways);
    // Ready once the limiter's Redis is connected: a request before that fails closed with 503.
    for (const g of gateways) {
      await eventually(`${g.name} ready`, async () => (await fetch(`${g.url}/ready`)).status === 200, 30_000);
    }
  });

  after(async () => {
    for (const p of procs.reverse()) await stopProc(p).catch(() => undefined);
    await redis?.kill();
    await dropDb?.();
  });

  it(`holds one budget of ${BUDGET} across both gateways, with RateLimit headers and Retry-After on the 429s`, async () => {
    const [a, b] = gateways;
    // Fired at once, alternately at each gateway: one shared counter, so exactly the budget passes.
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => get((i % 2 ? b : a).url)));
    const allowed = burst.filter((r) => r.status === 200);
    const limited = burst.filter((r) => r.status === 429);
    assert.equal(allowed.length, BUDGET, `statuses: ${burst.map((r) => r.status).join(' ')}`);
    assert.equal(limited.length, 20 - BUDGET);
    // Each allowed answer saw its own place in the shared count: remaining BUDGET-1 ... 0, once each.
    assert.deepEqual(
      allowed.map((r) => Number(r.headers.get('ratelimit-remaining'))).sort((x, y) => x - y),
      Array.from({ length: BUDGET }, (_, i) => i),
    );
    for (const gateway of [a, b]) {
      const r = await get(gateway.url);
      assert.equal(r.status, 429, gateway.name);
      assert.equal(r.body.error?.code, 'rate_limited');
      assert.equal(typeof r.body.error?.message, 'string');
      assert.ok(Number(r.headers.get('retry-after')) >= 1, `Retry-After ${r.headers.get('retry-after')}`);
      assert.equal(r.headers.get('ratelimit-limit'), String(BUDGET));
      assert.equal(r.headers.get('ratelimit-remaining'), '0');
      assert.ok(Number(r.headers.get('ratelimit-reset')) >= 1);
    }
    for (const r of limited) assert.equal(r.body.error?.code, 'rate_limited');
  });

  it('fails closed with 503 on both gateways while Redis is down, and recovers when it is back', async () => {
    const [a, b] = gateways;
    await redis!.kill();
    for (const gateway of [a, b]) {
      await eventually(`${gateway.name} to answer 503`, async () => (await get(gateway.url)).status === 503, 10_000);
      // Not one request slips through while Redis is away.
      for (let i = 0; i < 5; i++) {
        const r = await get(gateway.url);
        assert.equal(r.status, 503, `${gateway.name}: ${JSON.stringify(r.body)}`);
        assert.deepEqual(Object.keys(r.body), ['error']);
        assert.equal(r.body.error?.code, 'unavailable');
        assert.equal(typeof r.body.error?.message, 'string');
      }
      // Routes outside /api are not limited: health still answers.
      assert.equal((await fetch(`${gateway.url}/health`)).status, 200);
    }

    await redis!.restart();
    // The new Redis starts empty (no persistence): both gateways reconnect and count afresh.
    for (const gateway of [a, b]) {
      await eventually(`${gateway.name} to answer 200 again`, async () => (await get(gateway.url)).status === 200, 15_000);
    }
    const statuses: number[] = [];
    for (let i = 0; i < BUDGET + 2; i++) statuses.push((await get((i % 2 ? b : a).url)).status);
    // The two probes that saw 200 were counted (a refused 503 is not): BUDGET - 2 more pass, then 429 again.
    assert.deepEqual(statuses, [...Array(BUDGET - 2).fill(200), 429, 429, 429, 429]);
  });
});

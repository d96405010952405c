import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { createBus } from '@bourse/bus';
import { loadConfig, subjects, type Tick, tickBatch } from '@bourse/core';
import { testServerUrl } from '@bourse/core/testing';
import { bourse, type Proc, startService, stopProc } from './testing/processes.ts';
import { type PrivateRedis, redisPing, skipUnlessRedisServer, startPrivateRedis } from './testing/redis.ts';
import { type PrivateNats, startPrivateNats } from './testing/nats.ts';
import { eventually, scratchDatabase } from './testing/servers.ts';

/**
 * Redis killed under the distributed shape, as separate OS processes: ingest, market-data and a
 * gateway in front of it, on a private nats-server and redis-server (so that killing Redis touches
 * nothing else, and no other run shares the ingest durable) and a scratch PostgreSQL database.
 * While Redis is away: market-data serves quotes and bars from the store, the gateway's rate-limited
 * routes fail closed with 503, each /ready names the Redis that is down, and the logs hold a few lines
 * about it rather than one per operation. Redis restarted (empty, same port): everything recovers
 * without restarting a process.
 */
const pgUrl = testServerUrl('postgres');
const skip = pgUrl ? skipUnlessRedisServer() : 'needs BOURSE_TEST_DATABASE_URL';
const SYMBOL = 'AAPL';
/** A minute of 2026-01-06 (UTC) with no other test's data: this test's database is its own anyway. */
const MINUTE_START = Date.UTC(2026, 0, 6, 15, 0);

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string } };
}
async function get(url: string): Promise<Answer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

/** The lines of a process's output at warn or above that speak of Redis or the cache. */
function redisWarnings(p: Proc): string[] {
  return p.output
    .join('')
    .split('\n')
    .filter((line) => /"level":"(warn|error|fatal)"/.test(line) && /redis|cache/i.test(line));
}

function ticksAt(offsets: readonly [ms: number, price: number, size: number][], firstSeq: number): Tick[] {
  return offsets.map(([ms, price, size], i) => ({
    symbol: SYMBOL,
    ts: MINUTE_START + ms,
    seq: firstSeq + i,
    price,
    size,
    bid: price - 0.01,
    ask: price + 0.01,
  }));
}

describe('Redis killed and restarted under the distributed shape', { skip, timeout: 420_000 }, () => {
  const procs: Proc[] = [];
  let redis: PrivateRedis | undefined;
  let nats: PrivateNats | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  let bus: Awaited<ReturnType<typeof createBus>> | undefined;
  let marketData: Proc;
  let gateway: Proc;
  const sent: Tick[] = [];

  const publish = async (ticks: Tick[]) => {
    sent.push(...ticks);
    await bus!.publish(subjects.tick(SYMBOL), tickBatch(ticks, { source: 'fault-redis-test' }));
  };
  /** The stored quote (through market-data directly, which has no rate limit) once it shows the last tick sent. */
  const storedQuote = () =>
    eventually(
      `market-data to quote the last tick sent (${sent.at(-1)!.price})`,
      async () => {
        const q = await get(`${marketData.url}/api/v1/quotes/${SYMBOL}`);
        return q.status === 200 && q.body.last === sent.at(-1)!.price ? q : undefined;
      },
      60_000,
    );

  before(async () => {
    [redis, nats] = await Promise.all([startPrivateRedis(), startPrivateNats()]);
    const db = await scratchDatabase(pgUrl!);
    dropDb = db.drop;
    const env = { BOURSE_BUS: nats.url, BOURSE_DATABASE_URL: db.url, BOURSE_CACHE_URL: redis.url, BOURSE_INGEST_MAX_WAIT_MS: '50' };
    const migrate = bourse(['migrate', 'up'], env);
    const [code] = (await once(migrate, 'exit')) as [number];
    assert.equal(code, 0, 'bourse migrate up');
    const [ingest, md] = await Promise.all([startService('fr-ingest', 'ingest', env), startService('fr-market-data', 'market-data', env)]);
    marketData = md;
    procs.push(ingest, md);
    gateway = await startService('fr-gateway', 'gateway', {
      ...env,
      BOURSE_MARKET_DATA_URL: md.url,
      BOURSE_RATE_LIMIT_ENABLED: 'true',
      BOURSE_RATE_LIMIT_ANONYMOUS: '100000',
    });
    procs.push(gateway);
    bus = await createBus(loadConfig({ NODE_ENV: 'test', BOURSE_BUS: nats.url }).bus, { name: 'fault-redis-test' });
  });

  after(async () => {
    await bus?.close().catch(() => undefined);
    for (const p of procs.reverse()) await stopProc(p).catch(() => undefined);
    await redis?.kill();
    await nats?.dispose();
    await dropDb?.();
  });

  it('serves from the store, fails limits closed, says so in /ready and the logs, and recovers without restarts', async () => {
    await publish(
      ticksAt(
        [
          [1_000, 200, 10],
          [20_000, 203, 5],
        ],
        1,
      ),
    );
    await storedQuote();
    const before = await get(`${gateway.url}/api/v1/quotes/${SYMBOL}`);
    assert.equal(before.status, 200, JSON.stringify(before.body));
    assert.equal((await get(`${gateway.url}/ready`)).status, 200);

    await redis!.kill();
    const killedAt = performance.now();

    // More ticks while Redis is away: ingest stores them, market-data quotes them from the store.
    await publish(
      ticksAt(
        [
          [40_000, 199, 20],
          [50_000, 201, 1],
        ],
        3,
      ),
    );
    const quote = await storedQuote();
    assert.deepEqual([quote.body.bid, quote.body.ask], [200.99, 201.01]);
    // The minute's bar, from the store: the ticks' own OHLCV written out.
    const bars = await get(`${marketData.url}/api/v1/ohlcv/${SYMBOL}?interval=1m&from=${MINUTE_START}&to=${MINUTE_START}`);
    assert.equal(bars.status, 200, JSON.stringify(bars.body));
    const [bar] = bars.body.bars as { t: number; o: number; h: number; l: number; c: number; v: number; n: number }[];
    assert.deepEqual(bar && { t: bar.t, o: bar.o, h: bar.h, l: bar.l, c: bar.c, v: bar.v, n: bar.n }, {
      t: MINUTE_START,
      o: 200,
      h: 203,
      l: 199,
      c: 201,
      v: 36,
      n: 4,
    });

    // The gateway's rate-limited routes fail closed, with the error body.
    const limited = await get(`${gateway.url}/api/v1/quotes/${SYMBOL}`);
    assert.equal(limited.status, 503, JSON.stringify(limited.body));
    assert.equal(limited.body.error?.code, 'unavailable');

    // /ready names what is down.
    const gatewayReady = await get(`${gateway.url}/ready`);
    assert.equal(gatewayReady.status, 503);
    const gatewayChecks = gatewayReady.body.checks as Record<string, { ok: boolean }>;
    assert.equal(gatewayChecks['rate-limit:redis']?.ok, false, JSON.stringify(gatewayChecks));
    assert.equal(gatewayChecks['revocations:redis']?.ok, false, JSON.stringify(gatewayChecks));
    assert.equal(gatewayChecks['upstream:market-data']?.ok, true, JSON.stringify(gatewayChecks));
    const mdReady = await get(`${marketData.url}/ready`);
    assert.equal(mdReady.status, 503);
    const mdChecks = mdReady.body.checks as Record<string, { ok: boolean }>;
    assert.deepEqual(
      [mdChecks['cache:redis']?.ok, mdChecks['store:postgres']?.ok, mdChecks['bus:nats']?.ok],
      [false, true, true],
      JSON.stringify(mdChecks),
    );

    // Load while it is away: 300 reads and 100 tick batches, each meeting the down cache.
    let seq = 5;
    for (let i = 0; i < 100; i++) {
      await publish(ticksAt([[55_000 + i * 10, 201 + i / 100, 1]], seq++));
      const reads = await Promise.all([
        get(`${marketData.url}/api/v1/quotes/${SYMBOL}`),
        get(`${marketData.url}/api/v1/quotes?symbols=${SYMBOL}`),
        get(`${gateway.url}/api/v1/quotes/${SYMBOL}`),
      ]);
      assert.deepEqual(
        reads.map((r) => r.status),
        [200, 200, 503],
      );
    }
    await storedQuote();
    const awayMs = performance.now() - killedAt;
    // A few lines each (the outage starting, and at most one reminder a minute), not one per operation.
    const mdLines = redisWarnings(marketData);
    const gatewayLines = redisWarnings(gateway);
    assert.ok(mdLines.length >= 1 && mdLines.length <= 4, `market-data: ${mdLines.length} lines\n${mdLines.join('\n')}`);
    assert.ok(gatewayLines.length >= 1 && gatewayLines.length <= 4, `gateway: ${gatewayLines.length} lines\n${gatewayLines.join('\n')}`);

    await redis!.restart();
    assert.ok(await redisPing(redis!.port));
    const restartedAt = performance.now();
    const recovered = await eventually(
      'the gateway to serve quotes again',
      async () => {
        const r = await get(`${gateway.url}/api/v1/quotes/${SYMBOL}`);
        return r.status === 200 ? r : undefined;
      },
      60_000,
    );
    const recoverMs = performance.now() - restartedAt;
    assert.equal(recovered.body.last, sent.at(-1)!.price);
    await eventually('both /ready to say ok', async () => {
      const [g, m] = await Promise.all([get(`${gateway.url}/ready`), get(`${marketData.url}/ready`)]);
      return g.status === 200 && m.status === 200;
    });
    // The cache is written again: a tick after the restart is in market-data's Redis copy and its quote.
    await publish(ticksAt([[59_000, 205, 3]], seq++));
    await storedQuote();
    const metrics = await (await fetch(`${marketData.url}/metrics`)).text();
    assert.match(metrics, /bourse_dependency_up\{dependency="cache:redis"[^}]*\} 1/);
    // Every tick sent (all in one minute) is stored once: the minute's bar counts them and sums their sizes.
    // The quote above can come from the cache before ingest has stored the last tick: wait for the store.
    const minuteBar = async () => {
      const final = await get(`${marketData.url}/api/v1/ohlcv/${SYMBOL}?interval=1m&from=${MINUTE_START}&to=${MINUTE_START}`);
      const [whole] = final.body.bars as { n: number; v: number }[];
      return [whole?.n, whole?.v];
    };
    await eventually('the minute bar to count the last tick', async () => ((await minuteBar())[0] ?? 0) >= sent.length, 30_000).catch(
      () => undefined,
    );
    const [stored, volume] = await minuteBar();
    assert.deepEqual([stored, volume], [sent.length, sent.reduce((v, t) => v + t.size, 0)]);
    for (const p of procs) assert.equal(p.child.exitCode, null, `${p.name} is still running`);
    // The figures for docs/OPERATIONS.md ("Redis away").
    console.log(
      `# redis away ${(awayMs / 1000).toFixed(1)} s: ${sent.length} ticks sent, ${stored} stored, 300 reads (200 from the store, 100 refused 503), ` +
        `warn lines about it: market-data ${mdLines.length}, gateway ${gatewayLines.length}; ` +
        `gateway serving again ${(recoverMs / 1000).toFixed(1)} s after the restart`,
    );
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  BAR,
  type Bar,
  cacheKeys,
  type Envelope,
  envelope,
  type LastTrade,
  loadConfig,
  subjects,
  type Tick,
  tickBatch,
} from '@bourse/core';
import { freePort } from '@bourse/core/testing';
import { type RunningProcess, startProcess } from '@bourse/kit';
import { marketDataService } from './index.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Two UTC trading days: the quotes are of the second, the first gives the previous close. */
const YESTERDAY = Date.UTC(2026, 0, 5);
const TODAY = YESTERDAY + DAY;

/** Ticks of one symbol from [ms after midnight, price, size]; bid and ask a cent either side. */
function ticksOf(symbol: string, day: number, rows: [offset: number, price: number, size: number][], firstSeq = 1): Tick[] {
  return rows.map(([offset, price, size], i) => ({
    symbol,
    ts: day + offset,
    seq: firstSeq + i,
    price,
    size,
    bid: price - 0.01,
    ask: price + 0.01,
  }));
}

/** The OHLCV bar of some ticks written out from its definition, in the route's short field names. */
function barOf(ticks: readonly Tick[], start: number) {
  const volume = ticks.reduce((v, t) => v + t.size, 0);
  return {
    t: start,
    o: ticks[0]!.price,
    h: Math.max(...ticks.map((t) => t.price)),
    l: Math.min(...ticks.map((t) => t.price)),
    c: ticks.at(-1)!.price,
    v: volume,
    n: ticks.length,
    vw: ticks.reduce((pv, t) => pv + t.price * t.size, 0) / volume,
  };
}

function near(actual: number, expected: number, what: string) {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

/** Poll until `ok` holds for what `read` returns: the cache follows the bus a moment behind. */
async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: last saw ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Market-data on the embedded adapters (PGlite, in-process bus and cache) through inject. Each test
 * stores or publishes the data of its own symbols, so none depends on another having run.
 */
describe('market-data service', { timeout: 300_000 }, () => {
  let running: RunningProcess<'bus' | 'store' | 'cache'>;
  const get = async (url: string) => {
    const r = await running.app.inject({ method: 'GET', url: `/api/v1${url}` });
    return { status: r.statusCode, body: r.json() };
  };
  before(async () => {
    // Warnings go to the central logs on the bus only, where a test reads them.
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', BOURSE_LOG_STDOUT: 'false' });
    running = await startProcess({
      config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
      modules: [marketDataService],
      listen: false,
    });
  });
  after(() => running.stop());

  it('quotes a symbol from its last trade, the day so far and the previous close', async () => {
    const yesterday = ticksOf('AAPL', YESTERDAY, [
      [15 * 3600_000, 200, 50],
      [20 * 3600_000 + 59 * MINUTE, 205, 10],
    ]);
    const today = ticksOf(
      'AAPL',
      TODAY,
      [
        [14.5 * 3600_000, 206, 10],
        [14.5 * 3600_000 + MINUTE, 210, 5],
        [14.5 * 3600_000 + 2 * MINUTE, 204, 20],
        [15 * 3600_000, 207, 1],
      ],
      3,
    );
    await running.ctx.store.ticks.ingest([...yesterday, ...today]);
    const r = await get('/quotes/AAPL');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const { changePct, ...rest } = r.body;
    assert.deepEqual(rest, {
      symbol: 'AAPL',
      ts: TODAY + 15 * 3600_000,
      last: 207,
      bid: 206.99,
      ask: 207.01,
      open: 206,
      high: 210,
      low: 204,
      prevClose: 205,
      change: 2,
      volume: 36,
    });
    near(changePct, (2 / 205) * 100, 'changePct');
  });

  it('quotes a symbol with no previous day without a change', async () => {
    await running.ctx.store.ticks.ingest(ticksOf('AMD', TODAY, [[15 * 3600_000, 120, 3]]));
    const r = await get('/quotes/AMD');
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.prevClose, r.body.change, r.body.changePct, r.body.open], [null, null, null, 120]);
  });

  it('quotes many symbols in one call, in the order asked, each once', async () => {
    await running.ctx.store.ticks.ingest([
      ...ticksOf('MSFT', TODAY, [[15 * 3600_000, 410, 1]]),
      ...ticksOf('NVDA', TODAY, [[15 * 3600_000, 130, 1]]),
    ]);
    const r = await get('/quotes?symbols=NVDA,%20MSFT,NVDA');
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.map((q: { symbol: string; last: number }) => [q.symbol, q.last]),
      [
        ['NVDA', 130],
        ['MSFT', 410],
      ],
    );
  });

  it('lists OHLCV bars ascending, by interval, between from and to, the latest `limit` without from', async () => {
    const minutes = [0, 1, 2, 3].map((m) =>
      ticksOf(
        'AMZN',
        TODAY,
        [
          [15 * 3600_000 + m * MINUTE, 180 + m, 10],
          [15 * 3600_000 + m * MINUTE + 20_000, 182 + m, 30],
          [15 * 3600_000 + m * MINUTE + 40_000, 179 + m, 5],
        ],
        1 + 3 * m,
      ),
    );
    await running.ctx.store.ticks.ingest(minutes.flat());
    const starts = minutes.map((_, m) => TODAY + 15 * 3600_000 + m * MINUTE);
    const expected = minutes.map((ticks, m) => barOf(ticks, starts[m]!));

    const all = await get('/ohlcv/AMZN?interval=1m');
    assert.equal(all.status, 200);
    assert.equal(all.body.symbol, 'AMZN');
    assert.equal(all.body.interval, '1m');
    assert.equal(all.body.bars.length, 4);
    all.body.bars.forEach((b: ReturnType<typeof barOf>, i: number) => {
      const { vw, ...ohlcv } = b;
      const { vw: want, ...wantOhlcv } = expected[i]!;
      assert.deepEqual(ohlcv, wantOhlcv);
      near(vw, want, `vwap of bar ${i}`);
    });

    const between = await get(`/ohlcv/AMZN?interval=1m&from=${new Date(starts[1]!).toISOString()}&to=${starts[2]}`);
    assert.deepEqual(
      between.body.bars.map((b: { t: number }) => b.t),
      [starts[1], starts[2]],
    );
    const latest = await get('/ohlcv/AMZN?interval=1m&limit=2');
    assert.deepEqual(
      latest.body.bars.map((b: { t: number }) => b.t),
      [starts[2], starts[3]],
    );
    const first = await get(`/ohlcv/AMZN?interval=1m&limit=2&from=${starts[0]}`);
    assert.deepEqual(
      first.body.bars.map((b: { t: number }) => b.t),
      [starts[0], starts[1]],
    );
    const fiveMinutes = await get('/ohlcv/AMZN?interval=5m');
    assert.equal(fiveMinutes.body.bars.length, 1);
    const { vw, ...ohlcv } = fiveMinutes.body.bars[0];
    const { vw: want, ...wantOhlcv } = barOf(minutes.flat(), TODAY + 15 * 3600_000);
    assert.deepEqual(ohlcv, wantOhlcv);
    near(vw, want, 'vwap of the 5m bar');
  });

  it('answers 404 for a symbol the registry does not know, and for a known one that has not traded', async () => {
    for (const url of ['/quotes/NOSUCH', '/ohlcv/NOSUCH?interval=1m']) {
      const r = await get(url);
      assert.equal(r.status, 404, url);
      assert.deepEqual(r.body.error, { code: 'not_found', message: 'unknown symbol NOSUCH' });
    }
    const many = await get('/quotes?symbols=AAPL,NOSUCH,ZZZZ');
    assert.equal(many.status, 404);
    assert.deepEqual(many.body.error, {
      code: 'not_found',
      message: 'unknown symbols: NOSUCH, ZZZZ',
      details: { unknown: ['NOSUCH', 'ZZZZ'] },
    });
    const untraded = await get('/quotes/NFLX');
    assert.equal(untraded.status, 404);
    assert.equal(untraded.body.error.message, 'no quote yet for NFLX');
  });

  it('refuses bad input with 400 naming what is wrong', async () => {
    const cases: [string, string, RegExp][] = [
      ['/quotes/aapl', 'validation_failed', /params\.symbol/],
      ['/quotes?symbols=AAPL,bad!', 'bad_request', /^querystring\.symbols has invalid symbols: bad!$/],
      ['/quotes?symbols=,,', 'bad_request', /^querystring\.symbols must list 1 to 100 symbols$/],
      [`/quotes?symbols=${Array.from({ length: 101 }, (_, i) => `S${i}`).join(',')}`, 'bad_request', /must list 1 to 100 symbols/],
      ['/ohlcv/AAPL?interval=2m', 'validation_failed', /querystring\.interval/],
      ['/ohlcv/AAPL?limit=0', 'validation_failed', /querystring\.limit/],
      ['/ohlcv/AAPL?from=yesterday', 'validation_failed', /querystring\.from/],
      [`/ohlcv/AAPL?from=${TODAY}&to=${YESTERDAY}`, 'bad_request', /^querystring\.from must not be after querystring\.to$/],
      // Past year 9999 the store cannot be asked (PostgreSQL refused it with a 500): a 400 naming the field.
      ['/ohlcv/AAPL?from=253402300800000', 'validation_failed', /^querystring\.from /],
      ['/ohlcv/AAPL?to=8640000000000000', 'validation_failed', /^querystring\.to /],
      ['/ohlcv/AAPL?to=9999-12-31T23:00:00-05:00', 'bad_request', /^querystring\.to must be between/],
      ['/ohlcv/AAPL?from=0000-01-01T00:00:00Z', 'bad_request', /^querystring\.from must be between/],
    ];
    for (const [url, code, message] of cases) {
      const r = await get(url);
      assert.equal(r.status, 400, `${url} -> ${r.status} ${JSON.stringify(r.body)}`);
      assert.equal(r.body.error.code, code, url);
      assert.match(r.body.error.message, message, url);
    }
  });

  it('reads the store up to the last millisecond of year 9999', async () => {
    const r = await get('/ohlcv/AAPL?interval=1d&from=0&to=253402300799999');
    assert.equal(r.status, 200, JSON.stringify(r.body));
  });

  it('reads a quote through the cache: a last trade read from the store is kept there', async () => {
    await running.ctx.store.ticks.ingest(ticksOf('TSLA', TODAY, [[15 * 3600_000, 350, 2]]));
    assert.equal(await running.ctx.cache.get(cacheKeys.trade('TSLA')), undefined);
    assert.equal((await get('/quotes/TSLA')).body.last, 350);
    assert.deepEqual(await running.ctx.cache.get<LastTrade>(cacheKeys.trade('TSLA')), {
      ts: TODAY + 15 * 3600_000,
      seq: 1,
      last: 350,
      bid: 349.99,
      ask: 350.01,
    });
  });

  it('quotes the last trade of the tick stream before the store has it', async () => {
    await running.ctx.store.ticks.ingest(ticksOf('GOOGL', TODAY, [[15 * 3600_000, 190, 4]]));
    assert.equal((await get('/quotes/GOOGL')).body.last, 190);
    const newer = ticksOf('GOOGL', TODAY, [[15 * 3600_000 + 1000, 191.5, 2]], 2);
    await running.ctx.bus.publish(subjects.tick('GOOGL'), tickBatch(newer, { source: 'test' }));
    const q = await until(
      () => get('/quotes/GOOGL'),
      (r) => r.body.last === 191.5,
      'the streamed trade',
    );
    assert.deepEqual([q.body.ts, q.body.bid, q.body.ask, q.body.high], [TODAY + 15 * 3600_000 + 1000, 191.49, 191.51, 191.5]);
  });

  it('overlays the open bar of the bar stream on the stored history, the one with more trades winning', async () => {
    const start = TODAY + 15 * 3600_000;
    await running.ctx.store.ticks.ingest(ticksOf('INTC', TODAY, [[15 * 3600_000, 20, 100]]));
    const open: Bar = {
      symbol: 'INTC',
      interval: '1m',
      start: start + MINUTE,
      open: 20.1,
      high: 20.3,
      low: 20,
      close: 20.2,
      volume: 300,
      trades: 3,
      vwap: 20.15,
      final: false,
    };
    const publish = (id: string, bar: Bar) =>
      running.ctx.bus.publish(subjects.bar('1m', 'INTC'), envelope({ id, type: BAR, source: 'test', key: 'INTC', data: bar }));
    const starts = (r: { body: { bars: { t: number; n: number }[] } }) => r.body.bars.map((b) => [b.t, b.n]);

    await publish('open-3', open);
    const appended = await until(
      () => get('/ohlcv/INTC?interval=1m'),
      (r) => r.body.bars.length === 2,
      'the open bar',
    );
    assert.deepEqual(starts(appended), [
      [start, 1],
      [start + MINUTE, 3],
    ]);
    assert.deepEqual(appended.body.bars[1], { t: start + MINUTE, o: 20.1, h: 20.3, l: 20, c: 20.2, v: 300, n: 3, vw: 20.15 });

    await publish('open-5', { ...open, close: 20.25, volume: 500, trades: 5 });
    await until(
      () => get('/ohlcv/INTC?interval=1m'),
      (r) => r.body.bars[1]?.n === 5,
      'the bar with more trades',
    );
    // A stale copy (fewer trades) arriving late changes nothing: once a bar published after it (of
    // another interval, on the same stream) is seen, the 1m history still shows five trades.
    await publish('open-4', { ...open, trades: 4 });
    await publish('marker', { ...open, interval: '5m', start, trades: 9 });
    await until(
      () => get('/ohlcv/INTC?interval=5m'),
      (r) => r.body.bars[0]?.n === 9,
      'the 5m bar published after the stale one',
    );
    assert.deepEqual(starts(await get('/ohlcv/INTC?interval=1m')), [
      [start, 1],
      [start + MINUTE, 5],
    ]);
  });

  it('skips a bar that fails the bar schema, logging the schema error as the reason', { timeout: 60_000 }, async (t) => {
    const logs = running.ctx.bus.subscribe(subjects.logs('market-data'));
    t.after(() => logs.unsubscribe());
    const unreadable = async () =>
      (await running.ctx.metrics.registry.getSingleMetric('bourse_market_data_bars_unreadable_total')?.get())?.values[0]?.value ?? 0;
    const before = await unreadable();
    const bad = {
      symbol: 'JPM',
      interval: '1m',
      start: TODAY,
      open: 250,
      high: 251,
      low: 249,
      close: 250.5,
      volume: -1,
      trades: 2,
      vwap: 250,
      final: false,
    };
    await running.ctx.bus.publish(subjects.bar('1m', 'JPM'), envelope({ id: 'bad-bar', type: BAR, source: 'test', key: 'JPM', data: bad }));

    let skipped: Record<string, unknown> | undefined;
    for await (const msg of logs) {
      const lines = (msg.envelope as Envelope<{ lines: Record<string, unknown>[] }>).data.lines;
      skipped = lines.find((l) => l.msg === 'skipped a bar message that does not read' && l.id === 'bad-bar');
      if (skipped) break;
    }
    assert.equal(skipped?.reason, 'invalid bar: /volume must be >= 0');
    assert.equal(await unreadable(), before + 1);
    assert.equal(await running.ctx.cache.get(cacheKeys.bar('1m', 'JPM')), undefined);
  });
});

/** Market-data whose Redis cache does not answer (nothing listens on its port): every read comes from the store. */
describe('market-data with its cache away', { timeout: 120_000 }, () => {
  let running: RunningProcess<'bus' | 'store' | 'cache'>;
  before(async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', BOURSE_LOG_STDOUT: 'false' });
    running = await startProcess({
      config: {
        ...config,
        database: { kind: 'pglite', dir: 'memory://' },
        cache: { kind: 'redis', url: `redis://127.0.0.1:${await freePort()}` },
      },
      modules: [marketDataService],
      listen: false,
    });
  });
  after(() => running.stop());
  const get = async (url: string) => {
    const r = await running.app.inject({ method: 'GET', url: `/api/v1${url}` });
    return { status: r.statusCode, body: r.json() };
  };

  it('serves quotes and bars from the store, and keeps following the bus', async () => {
    const yesterday = ticksOf('MSFT', YESTERDAY, [[20 * 3600_000, 400, 10]]);
    const today = ticksOf(
      'MSFT',
      TODAY,
      [
        [15 * 3600_000, 410, 4],
        [15 * 3600_000 + 30_000, 402, 6],
      ],
      2,
    );
    await running.ctx.store.ticks.ingest([...yesterday, ...today]);
    // The follower meets the same outage on every message: it goes on, skipping the cache.
    await running.ctx.bus.publish(subjects.tick('MSFT'), tickBatch(today, { source: 'test' }));
    const quote = await get('/quotes/MSFT');
    assert.equal(quote.status, 200, JSON.stringify(quote.body));
    assert.deepEqual([quote.body.last, quote.body.open, quote.body.high, quote.body.low, quote.body.prevClose], [402, 410, 410, 402, 400]);
    const many = await get('/quotes?symbols=MSFT');
    assert.equal(many.status, 200);
    const bars = await get('/ohlcv/MSFT?interval=1m');
    assert.equal(bars.status, 200);
    // Yesterday's minute, then today's.
    const { vw, ...ohlcv } = bars.body.bars[1];
    const { vw: want, ...wantOhlcv } = barOf(today, TODAY + 15 * 3600_000);
    assert.deepEqual([bars.body.bars.length, ohlcv], [2, wantOhlcv]);
    near(vw, want, 'vwap');
    const metrics = await running.ctx.metrics.registry.metrics();
    assert.match(metrics, /bourse_dependency_up\{dependency="cache:redis"[^}]*\} 0/);
  });
});

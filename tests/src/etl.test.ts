import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { CATALOG, loadConfig } from '@bourse/core';
import { testServerUrl } from '@bourse/core/testing';
import { startProcess } from '@bourse/kit';
import { liveStart, SyntheticHistory } from '@bourse/providers';
import { createStore, type Store } from '@bourse/store';
import { createEtlService, queueBackfill } from '@bourse/svc-etl';
import { marketDataService } from '@bourse/svc-market-data';
import { type Proc, startService, stopProc } from './testing/processes.ts';
import { eventually, scratchDatabase } from './testing/servers.ts';

const DAY = 86_400_000;
const MIN = 60_000;
const SYMBOLS = CATALOG.filter((e) => e.assetClass !== 'option').length;

describe('history from the first minute (embedded)', { timeout: 600_000 }, async () => {
  const config = loadConfig({
    NODE_ENV: 'test',
    BOURSE_SEED: '7',
    BOURSE_ETL_POLL_MS: '20',
    BOURSE_ETL_BACKFILL_DAYS: '15',
    BOURSE_ETL_BACKFILL_MINUTE_DAYS: '1',
  });
  const started = Date.now();
  const running = await startProcess({
    config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
    modules: [createEtlService(), marketDataService],
    listen: false,
  });
  after(() => running.stop());
  const store = running.ctx.store;
  const backfills = await eventually(
    'the backfill jobs',
    async () => {
      const jobs = await store.etl.listJobs({ limit: 20, origin: 'backfill' });
      return jobs.length === 5 && jobs.every((j) => j.state === 'succeeded') && jobs;
    },
    400_000,
  );

  it('loads daily bars for the configured days and one-minute bars for the last day of every instrument', async () => {
    const byInterval = Object.fromEntries(backfills.map((j) => [j.interval, j]));
    for (const [interval, perSymbol] of [
      ['1d', 15],
      ['1h', 24],
      ['15m', 96],
      ['5m', 288],
      ['1m', 1440],
    ] as const) {
      const job = byInterval[interval]!;
      assert.equal(job.symbols.length, SYMBOLS, interval);
      for (const s of job.symbols)
        assert.deepEqual([interval, s.symbol, s.fetched, s.loaded, s.rejected], [interval, s.symbol, perSymbol, perSymbol, 0]);
    }
    const daily = await store.etl.bars('AAPL', '1d', 'synthetic', { limit: 100 });
    assert.equal(daily.length, 15);
    // Finished UTC days up to the one before the start.
    assert.equal(daily.at(-1)!.start, Math.floor(started / DAY) * DAY - DAY);
  });

  it('draws the same bars for the same seed and others for another seed', async () => {
    const stored = await store.etl.bars('NVDA', '1h', 'synthetic', { limit: 100 });
    const first = stored[0]!.start;
    const end = stored.at(-1)!.start + 3_600_000;
    const same = new SyntheticHistory({ seed: 7, ticksPerSecond: config.feed.rate }).bars('NVDA', '1h', first, end, end);
    const other = new SyntheticHistory({ seed: 8, ticksPerSecond: config.feed.rate }).bars('NVDA', '1h', first, end, end);
    assert.deepEqual(
      stored.map((b) => [b.start, b.open, b.high, b.low, b.close, b.volume]),
      same.map((b) => [b.start, b.open, b.high, b.low, b.close, b.volume]),
    );
    assert.notDeepEqual(
      stored.map((b) => b.close),
      other.map((b) => b.close),
    );
  });

  it('starts the live feed from the last backfilled close: no jump', async () => {
    const last = (await store.etl.bars('MSFT', '1m', 'synthetic', { limit: 1 }))[0]!;
    const history = new SyntheticHistory({ seed: 7, ticksPerSecond: config.feed.rate });
    // The feed starting in the minute after the last backfilled one.
    const start = liveStart(history, ['MSFT'], {}, last.start + MIN + 5_000);
    assert.equal(start.MSFT!.price, last.close);
    // Consecutive minutes meet: each bar opens where the one before closed.
    const minutes = await store.etl.bars('MSFT', '1m', 'synthetic', { limit: 50 });
    for (let i = 1; i < minutes.length; i++) assert.equal(minutes[i]!.open, minutes[i - 1]!.close);
  });

  it('serves /ohlcv at once, and a bucket the live feed built comes from the live bars only', async () => {
    const last = (await store.etl.bars('AAPL', '1m', 'synthetic', { limit: 1 }))[0]!;
    // A tick in the last backfilled minute: that bucket now has a tick-built bar too.
    await store.ticks.ingest([{ symbol: 'AAPL', ts: last.start + 30_000, seq: 1, price: 123.45, size: 1, bid: 123.44, ask: 123.46 }]);
    const r = await running.app.inject({ url: `/api/v1/ohlcv/AAPL?interval=1m&from=${last.start - 9 * MIN}&limit=100` });
    assert.equal(r.statusCode, 200);
    const body = r.json() as { source: string; bars: { t: number; c: number }[] };
    assert.equal(body.source, 'live+synthetic');
    assert.equal(body.bars.length, 10);
    assert.equal(new Set(body.bars.map((b) => b.t)).size, 10);
    assert.equal(body.bars.at(-1)!.c, 123.45);
    for (const interval of ['5m', '15m', '1h', '1d']) {
      const res = await running.app.inject({ url: `/api/v1/ohlcv/ETH-USD?interval=${interval}&source=synthetic` });
      assert.ok((res.json() as { bars: unknown[] }).bars.length > 0, interval);
    }
  });

  it('after a gap queues only what is missing, and nothing when nothing is', async () => {
    // Now: at most the minutes and hours since the start are missing.
    const now = await queueBackfill(running.ctx, Date.now());
    assert.ok(
      now.every((j) => j.interval !== '1d' && j.to - j.from <= 3_600_000),
      JSON.stringify(now.map((j) => [j.interval, j.from, j.to])),
    );
    for (const job of now) await store.etl.requestCancel(job.id);
    const later = await queueBackfill(running.ctx, Date.now() + DAY);
    const daily = later.find((j) => j.interval === '1d');
    assert.ok(daily);
    assert.equal(daily.to - daily.from, DAY);
    for (const job of later) await store.etl.requestCancel(job.id);
  });
});

const pgUrl = testServerUrl('postgres');
const natsUrl = testServerUrl('nats');

describe('a job runs once across etl processes, and survives a SIGKILLed worker', {
  skip: pgUrl && natsUrl ? false : 'needs PostgreSQL and NATS',
  timeout: 600_000,
}, () => {
  let db: { url: string; drop(): Promise<void> };
  let store: Store;
  const procs: Proc[] = [];
  before(async () => {
    db = await scratchDatabase(pgUrl!);
    store = await createStore({ kind: 'postgres', url: db.url });
  });
  after(async () => {
    for (const p of procs) await stopProc(p).catch(() => undefined);
    await store?.close();
    await db?.drop();
  });

  it('completes the job once, with no row duplicated', async () => {
    const env = {
      BOURSE_BUS: natsUrl!,
      BOURSE_DATABASE_URL: db.url,
      BOURSE_ETL_BACKFILL: 'false',
      BOURSE_ETL_LEASE_MS: '3000',
      BOURSE_ETL_POLL_MS: '100',
      BOURSE_LOG_BUS: 'false',
    };
    const symbols = CATALOG.filter((e) => e.assetClass !== 'option').map((e) => e.symbol);
    const to = Math.floor(Date.now() / DAY) * DAY - DAY;
    const from = to - 4 * DAY;
    const perSymbol = (to - from) / MIN;
    procs.push(...(await Promise.all([startService('etl-a', 'etl', env), startService('etl-b', 'etl', env)])));
    await store.etl.createJob({ id: 'kill-test', source: 'synthetic', interval: '1m', from, to, symbols, origin: 'api' });
    // Wait until one worker has loaded a symbol or two, then kill that one without a chance to clean up.
    const owner = await eventually(
      'a worker mid-job',
      async () => {
        const job = await store.etl.getJob('kill-test');
        const done = job?.symbols.filter((s) => s.state === 'succeeded').length ?? 0;
        return done >= 1 && done < symbols.length && job?.leaseOwner;
      },
      300_000,
    );
    const victim = procs.find((p) => owner === `etl@${p.name}`)!;
    const exited = once(victim.child, 'exit');
    victim.child.kill('SIGKILL');
    await exited;
    procs.splice(procs.indexOf(victim), 1);
    const done = await eventually(
      'the job finished by the other worker',
      async () => {
        const job = await store.etl.getJob('kill-test');
        return job?.state === 'succeeded' && job;
      },
      300_000,
    );
    assert.equal(done.attempts, 2);
    assert.notEqual(done.leaseOwner, owner);
    const survivor = procs.find((p) => p !== victim)!;
    const viaApi = (await (await fetch(`${survivor.url}/api/v1/etl/jobs/kill-test`)).json()) as { state: string };
    assert.equal(viaApi.state, 'succeeded');
    for (const s of done.symbols) assert.equal(s.loaded + s.unchanged + s.revised, perSymbol, s.symbol);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client
      .query<{ n: string; distinct_keys: string }>(
        "select count(*) as n, count(distinct (symbol, interval, start, source)) as distinct_keys from provider_bars where source = 'synthetic'",
      )
      .finally(() => client.end());
    assert.equal(Number(rows[0]!.n), symbols.length * perSymbol);
    assert.equal(Number(rows[0]!.distinct_keys), symbols.length * perSymbol);
    assert.equal((await store.etl.listJobs({ limit: 10 })).length, 1);
  });
});

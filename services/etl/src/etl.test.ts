import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConfig } from '@bourse/core';
import { API_KEY_PREFIX, hashSecret, startProcess } from '@bourse/kit';
import { ProviderError, SyntheticSource } from '@bourse/providers';
import { createEtlService } from './index.ts';
import { FixtureProvider } from './testing/fixture-provider.ts';

const DAY = 86_400_000;
const MON = Date.UTC(2025, 0, 6);
const week = (base: number) =>
  [0, 1, 2, 3, 4].map((d) => ({
    start: MON + d * DAY,
    open: base + d,
    high: base + d + 1,
    low: base + d - 1,
    close: base + d,
    volume: 1000,
  }));

describe('etl service (embedded)', async () => {
  const yahoo = new FixtureProvider('yahoo');
  const vci = new FixtureProvider('vci');
  const fred = new FixtureProvider('fred');
  yahoo.bars.set('AAPL', week(100));
  yahoo.bars.set('MSFT', week(400));
  yahoo.failures.set('DOWN', new ProviderError('yahoo', 'unavailable', 'connect ECONNREFUSED 127.0.0.1:9', { symbol: 'DOWN' }));
  yahoo.bars.set('NEWCO', week(10));
  yahoo.instruments.set('NEWCO', { symbol: 'NEWCO', name: 'New Company Inc.', exchange: 'NASDAQ', currency: 'USD', assetClass: 'equity' });
  vci.bars.set(
    'AAPL',
    week(100).map((b, i) => (i === 2 ? { ...b, close: b.close * 1.02, high: b.high * 1.02 } : b)),
  );
  fred.series.set('UNRATE', {
    seriesId: 'UNRATE',
    title: 'Unemployment Rate',
    units: 'Percent',
    observations: [
      { date: '2024-01-01', value: 3.7 },
      { date: '2024-02-01', value: null },
      { date: '2024-03-01', value: 3.8 },
    ],
  });
  const base = loadConfig({
    NODE_ENV: 'test',
    BOURSE_ETL_POLL_MS: '20',
    BOURSE_ETL_BACKFILL: 'false',
    BOURSE_ETL_SCHEDULES: JSON.stringify([
      { name: 'nightly', cron: '0 2 * * *', source: 'yahoo', symbols: ['AAPL'], interval: '1d', lookbackDays: 3 },
    ]),
  });
  const service = createEtlService({ providers: (c) => [new SyntheticSource({ seed: c.feed.seed }), yahoo, vci, fred] });
  const running = await startProcess({
    config: { ...base, database: { kind: 'pglite', dir: 'memory://' } },
    modules: [service],
    listen: false,
  });
  after(() => running.stop());
  const user = await running.ctx.store.auth.createUser({
    id: crypto.randomUUID(),
    email: 'etl@example.com',
    passwordHash: 'x',
    role: 'user',
  });
  const keyOf = async (readOnly: boolean) => {
    const key = `${API_KEY_PREFIX}etl-${readOnly}-${crypto.randomUUID()}`;
    await running.ctx.store.auth.createApiKey({
      id: crypto.randomUUID(),
      userId: user.id,
      name: 'k',
      keyHash: hashSecret(key),
      prefix: key.slice(0, 8),
      readOnly,
    });
    return key;
  };
  const writeKey = await keyOf(false);
  const readKey = await keyOf(true);
  const call = async (method: 'GET' | 'POST', url: string, payload?: object, key: string | null = writeKey) => {
    const r = await running.app.inject({ method, url, ...(payload ? { payload } : {}), ...(key ? { headers: { 'x-api-key': key } } : {}) });
    return { status: r.statusCode, body: r.json() };
  };
  const finished = async (id: string) => {
    for (let i = 0; i < 500; i++) {
      const r = await call('GET', `/api/v1/etl/jobs/${id}`);
      if (!['queued', 'running'].includes(r.body.state)) return r.body;
      await new Promise((res) => setTimeout(res, 20));
    }
    throw new Error(`job ${id} did not finish`);
  };
  const run = async (body: object) => {
    const r = await call('POST', '/api/v1/etl/jobs', body);
    assert.equal(r.status, 202, JSON.stringify(r.body));
    return finished(r.body.id);
  };
  const job = { source: 'yahoo', interval: '1d', from: '2025-01-01', to: '2025-01-31' };

  it('runs a job to the end and reports per-symbol counts', async () => {
    const done = await run({ ...job, symbols: ['AAPL', 'MSFT'] });
    assert.equal(done.state, 'succeeded');
    assert.equal(done.attempts, 1);
    assert.deepEqual(
      done.symbols.map((s: { symbol: string; fetched: number; loaded: number; revised: number }) => [
        s.symbol,
        s.fetched,
        s.loaded,
        s.revised,
      ]),
      [
        ['AAPL', 5, 5, 0],
        ['MSFT', 5, 5, 0],
      ],
    );
    const listed = await call('GET', '/api/v1/etl/jobs?limit=5');
    assert.ok(listed.body.data.some((j: { id: string }) => j.id === done.id));
  });

  it('leaves the same rows when a job runs twice, and counts a correction as revised', async () => {
    const again = await run({ ...job, symbols: ['AAPL'] });
    assert.deepEqual([again.symbols[0].loaded, again.symbols[0].revised, again.symbols[0].unchanged], [0, 0, 5]);
    yahoo.bars.set(
      'AAPL',
      week(100).map((b, i) => (i === 4 ? { ...b, close: 104.5 } : b)),
    );
    const corrected = await run({ ...job, symbols: ['AAPL'] });
    assert.deepEqual([corrected.symbols[0].loaded, corrected.symbols[0].revised, corrected.symbols[0].unchanged], [0, 1, 4]);
    const stored = await running.ctx.store.etl.bars('AAPL', '1d', 'yahoo', { from: MON, limit: 100 });
    assert.equal(stored.length, 5);
    assert.equal(stored[4]?.close, 104.5);
  });

  it('fails the symbol a provider refuses and finishes the job partially, naming it', async () => {
    const done = await run({ ...job, symbols: ['MSFT', 'DOWN'] });
    assert.equal(done.state, 'partially_succeeded');
    assert.match(done.error, /DOWN: yahoo: connect ECONNREFUSED/);
    const failed = await run({ ...job, symbols: ['DOWN'] });
    assert.equal(failed.state, 'failed');
  });

  it("registers a symbol the registry lacks from the provider's description", async () => {
    assert.equal(await running.ctx.store.instruments.get('NEWCO'), undefined);
    const done = await run({ ...job, symbols: ['NEWCO'] });
    assert.equal(done.state, 'succeeded');
    const registered = await running.ctx.store.instruments.get('NEWCO');
    assert.equal(registered?.name, 'New Company Inc.');
    assert.equal(registered?.streamable, false);
  });

  it('keeps rejected rows with their reasons and summarises them by check', async () => {
    yahoo.bars.set('BAD', [
      ...week(50),
      { start: MON + 7 * DAY, open: 51, high: 50, low: 49, close: 52, volume: 1 },
      { start: MON + 8 * DAY, open: Number.NaN, high: 1, low: 1, close: 1, volume: 1 },
    ]);
    yahoo.instruments.set('BAD', { symbol: 'BAD', name: 'Bad Data Corp', exchange: 'NYSE', currency: 'USD', assetClass: 'equity' });
    const done = await run({ ...job, symbols: ['BAD'] });
    assert.deepEqual([done.symbols[0].fetched, done.symbols[0].loaded, done.symbols[0].rejected], [7, 5, 2]);
    const quality = await call('GET', '/api/v1/etl/quality?symbol=BAD');
    assert.equal(quality.status, 200);
    const byCheck = Object.fromEntries(quality.body.checks.map((c: { check: string; rejected: number }) => [c.check, c.rejected]));
    assert.equal(byCheck.ohlc, 1);
    assert.equal(byCheck.non_finite, 1);
    assert.ok(quality.body.recent.some((i: { reason: string }) => /inconsistent OHLC/.test(i.reason)));
    const metrics = await running.ctx.metrics.registry.metrics();
    assert.match(metrics, /bourse_etl_quality_issues_total\{check="ohlc",outcome="rejected"[^}]*\} [1-9]/);
  });

  it('lists the days two sources disagree on', async () => {
    await run({ ...job, source: 'vci', symbols: ['AAPL'] });
    const r = await call('GET', `/api/v1/etl/reconcile?symbol=AAPL&from=${MON}&to=${MON + 10 * DAY}&tolerance=0.01`);
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.days.map((d: { date: string }) => d.date),
      ['2025-01-08'],
    );
    assert.deepEqual(Object.keys(r.body.days[0].closes).sort(), ['vci', 'yahoo']);
  });

  it('cancels a queued job, and refuses to cancel a finished one', async () => {
    yahoo.delayMs = 300;
    const slow = await call('POST', '/api/v1/etl/jobs', { ...job, symbols: ['AAPL', 'MSFT', 'NEWCO'] });
    const queued = await call('POST', '/api/v1/etl/jobs', { ...job, symbols: ['MSFT'] });
    const cancelled = await call('POST', `/api/v1/etl/jobs/${queued.body.id}/cancel`);
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.state, 'cancelled');
    await call('POST', `/api/v1/etl/jobs/${slow.body.id}/cancel`);
    const stopped = await finished(slow.body.id);
    yahoo.delayMs = 0;
    assert.equal(stopped.state, 'cancelled');
    assert.ok(stopped.symbols.some((s: { state: string }) => s.state === 'cancelled'));
    const again = await call('POST', `/api/v1/etl/jobs/${queued.body.id}/cancel`);
    assert.equal(again.status, 409);
  });

  it('needs write access to queue a job, and answers bad input with a 400', async () => {
    assert.equal((await call('POST', '/api/v1/etl/jobs', { ...job, symbols: ['AAPL'] }, null)).status, 401);
    assert.equal((await call('POST', '/api/v1/etl/jobs', { ...job, symbols: ['AAPL'] }, readKey)).status, 403);
    const disabled = await call('POST', '/api/v1/etl/jobs', { ...job, source: 'binance', symbols: ['AAPL'] });
    assert.equal(disabled.status, 400);
    assert.match(disabled.body.error.message, /binance is not enabled/);
    assert.equal((await call('POST', '/api/v1/etl/jobs', { ...job, from: '2025-02-01', symbols: ['AAPL'] })).status, 400);
    assert.equal((await call('POST', '/api/v1/etl/jobs', { ...job, from: 'soon', symbols: ['AAPL'] })).status, 400);
    assert.equal((await call('GET', '/api/v1/etl/jobs/nope')).status, 404);
  });

  it('lists the schedules with their next run, the Vietnamese example off', async () => {
    const r = await call('GET', '/api/v1/etl/schedules');
    const byName = Object.fromEntries(r.body.data.map((s: { name: string }) => [s.name, s]));
    assert.equal(byName['vn-universe'].enabled, false);
    assert.equal(byName['vn-universe'].nextRun, null);
    assert.equal(byName['vn-universe'].cron, '*/5 * * * *');
    const next = byName.nightly.nextRun as number;
    assert.equal(new Date(next).getUTCHours(), 2);
    assert.ok(next > Date.now() && next <= Date.now() + DAY);
  });

  it('serves a macro series with missing values as null, read through from its source once', async () => {
    const r = await call('GET', '/api/v1/macro/UNRATE');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, {
      seriesId: 'UNRATE',
      title: 'Unemployment Rate',
      units: 'Percent',
      source: 'fred',
      observations: [
        { date: '2024-01-01', value: 3.7 },
        { date: '2024-02-01', value: null },
        { date: '2024-03-01', value: 3.8 },
      ],
    });
    fred.series.delete('UNRATE');
    const stored = await call('GET', '/api/v1/macro/UNRATE?from=2024-02-01&to=2024-03-31');
    assert.deepEqual(stored.body.observations, [
      { date: '2024-02-01', value: null },
      { date: '2024-03-01', value: 3.8 },
    ]);
    assert.equal((await call('GET', '/api/v1/macro/NOPE')).status, 404);
    assert.equal((await call('GET', '/api/v1/macro/UNRATE?from=yesterday')).status, 400);
  });
});

import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { testServerUrl } from '@bourse/core/testing';
import pg from 'pg';
import { createStore, type Store } from '../index.ts';

const pgUrl = testServerUrl('postgres');
const schemas: string[] = [];
after(async () => {
  if (pgUrl === undefined || schemas.length === 0) return;
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
});

const backends: [string, () => Promise<Store>][] = [['pglite', () => createStore({ kind: 'pglite', dir: 'memory://' })]];
if (pgUrl !== undefined) {
  backends.push([
    'postgres',
    () => {
      const schema = `etl_repo_${randomUUID().slice(0, 8)}`;
      schemas.push(schema);
      return createStore({ kind: 'postgres', url: pgUrl }, { schema });
    },
  ]);
}

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 6);
const bar = (i: number, close = 100 + i) => ({
  start: T0 + i * DAY,
  open: close,
  high: close + 1,
  low: close - 1,
  close,
  volume: 10,
  trades: 3,
});
const ok = { state: 'succeeded' as const, fetched: 0, rejected: 0, flagged: 0, fetchMs: 1, loadMs: 1, error: null };

for (const [name, open] of backends) {
  describe(`etl repository on ${name}`, () => {
    const newJob = (store: Store, id: string, symbols = ['AAPL']) =>
      store.etl.createJob({ id, source: 'yahoo', interval: '1d', from: T0, to: T0 + 10 * DAY, symbols, origin: 'api' });

    it('gives a queued job to one claimant only, and takes it back once its lease ran out', async (t) => {
      const store = await open();
      t.after(() => store.close());
      await newJob(store, 'j1');
      const claims = await Promise.all([store.etl.claim('a', 60_000), store.etl.claim('b', 60_000), store.etl.claim('c', 60_000)]);
      assert.equal(claims.filter(Boolean).length, 1);
      const [winner] = claims.filter(Boolean);
      assert.equal(winner?.state, 'running');
      assert.equal(winner?.attempts, 1);
      assert.equal(await store.etl.claim('d', 60_000), undefined);

      await newJob(store, 'j2');
      const short = await store.etl.claim('dead', 1);
      assert.equal(short?.id, 'j2');
      await new Promise((r) => setTimeout(r, 20));
      const taken = await store.etl.claim('alive', 60_000);
      assert.equal(taken?.id, 'j2');
      assert.equal(taken?.attempts, 2);
      // The first worker lost its lease: it can neither renew, nor load, nor finish.
      assert.deepEqual(await store.etl.renew('j2', 'dead', 60_000), { held: false, cancelRequested: false });
      const job = { id: 'j2', owner: 'dead', source: 'yahoo', interval: '1d' };
      assert.equal(await store.etl.loadSymbol(job, 'AAPL', [bar(0)], [], ok), undefined);
      assert.equal(await store.etl.finishJob('j2', 'dead', 'succeeded', null), false);
      assert.equal((await store.etl.bars('AAPL', '1d', 'yahoo', { limit: 10 })).length, 0);
    });

    it('loads idempotently and counts a corrected bar as revised', async (t) => {
      const store = await open();
      t.after(() => store.close());
      await newJob(store, 'j');
      await store.etl.claim('w', 60_000);
      const job = { id: 'j', owner: 'w', source: 'yahoo', interval: '1d' };
      const bars = [0, 1, 2, 3].map((i) => bar(i));
      assert.deepEqual(await store.etl.loadSymbol(job, 'AAPL', bars, [], ok), { loaded: 4, revised: 0, unchanged: 0 });
      assert.deepEqual(await store.etl.loadSymbol(job, 'AAPL', bars, [], ok), { loaded: 0, revised: 0, unchanged: 4 });
      const corrected = [bar(0), bar(1, 250), bar(2), bar(3), bar(4)];
      assert.deepEqual(await store.etl.loadSymbol(job, 'AAPL', corrected, [], ok), { loaded: 1, revised: 1, unchanged: 3 });
      const stored = await store.etl.bars('AAPL', '1d', 'yahoo', { from: T0, limit: 100 });
      assert.deepEqual(
        stored.map((b) => b.close),
        [100, 250, 102, 103, 104],
      );
      assert.equal(stored[0]?.trades, 3);
      assert.equal(await store.etl.lastBarStart('AAPL', '1d', 'yahoo'), T0 + 4 * DAY);
      // Another source's bar for the same bucket is a row of its own.
      await newJob(store, 'k');
      await store.etl.claim('w', 60_000);
      await store.etl.loadSymbol({ id: 'k', owner: 'w', source: 'vci', interval: '1d' }, 'AAPL', [bar(0, 99)], [], ok);
      assert.equal((await store.etl.dailyCloses('AAPL', T0, T0)).length, 2);
    });

    it('replaces the issues of an earlier attempt and counts them by check', async (t) => {
      const store = await open();
      t.after(() => store.close());
      await newJob(store, 'j');
      await store.etl.claim('w', 60_000);
      const job = { id: 'j', owner: 'w', source: 'yahoo', interval: '1d' };
      const issue = { check: 'ohlc', rejected: true, reason: 'low 5 above open 4', start: T0, row: { open: 4, low: 5 } };
      await store.etl.loadSymbol(job, 'AAPL', [], [issue, { ...issue, start: T0 + DAY }], ok);
      await store.etl.loadSymbol(job, 'AAPL', [], [issue, { check: 'outlier', rejected: false, reason: 'x', start: null }], ok);
      const counts = await store.etl.quality('AAPL');
      assert.deepEqual(
        counts.map((c) => [c.check, c.rejected, c.count]),
        [
          ['ohlc', true, 1],
          ['outlier', false, 1],
        ],
      );
      const [latest] = await store.etl.issues('AAPL', 10);
      assert.ok(latest);
    });

    it('cancels a queued job at once and asks a running one to stop', async (t) => {
      const store = await open();
      t.after(() => store.close());
      await newJob(store, 'q', ['A', 'B']);
      const cancelled = await store.etl.requestCancel('q');
      assert.equal(cancelled?.state, 'cancelled');
      assert.deepEqual(
        cancelled?.symbols.map((s) => s.state),
        ['cancelled', 'cancelled'],
      );
      await newJob(store, 'r');
      await store.etl.claim('w', 60_000);
      assert.equal((await store.etl.requestCancel('r'))?.state, 'running');
      assert.deepEqual(await store.etl.renew('r', 'w', 60_000), { held: true, cancelRequested: true });
      assert.equal(await store.etl.requestCancel('nope'), undefined);
    });

    it('keeps a missing macro observation as null, never 0', async (t) => {
      const store = await open();
      t.after(() => store.close());
      const observations = [
        { date: '2024-01-01', value: 3.5 },
        { date: '2024-02-01', value: null },
        { date: '2024-03-01', value: 3.7 },
      ];
      await store.etl.upsertMacro({ seriesId: 'UNRATE', source: 'fred', title: 'Unemployment Rate', units: 'Percent', observations });
      const all = await store.etl.macro('UNRATE');
      assert.deepEqual(all?.observations, observations);
      assert.equal(all?.title, 'Unemployment Rate');
      assert.deepEqual((await store.etl.macro('UNRATE', '2024-02-01', '2024-02-28'))?.observations, [{ date: '2024-02-01', value: null }]);
      assert.equal(await store.etl.macro('NOPE'), undefined);
    });
  });
}

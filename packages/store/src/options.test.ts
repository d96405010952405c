import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { testServerUrl } from '@bourse/core/testing';
import pg from 'pg';
import { createStore, type OptionAnalyticsRecord, optionsRepository, type Store } from './index.ts';

const pgUrl = testServerUrl('postgres');
const schema = `options_test_${randomUUID().slice(0, 8)}`;
const dialects: [string, () => Promise<Store>][] = [['pglite', () => createStore({ kind: 'pglite', dir: 'memory://' })]];
if (pgUrl !== undefined) dialects.push(['postgres', () => createStore({ kind: 'postgres', url: pgUrl }, { schema })]);

after(async () => {
  if (pgUrl === undefined) return;
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
});

const T0 = Date.UTC(2026, 0, 7, 18, 0);
function row(expiry: string, ts: number, callOi: number, putOi: number, extra: Partial<OptionAnalyticsRecord> = {}): OptionAnalyticsRecord {
  return {
    underlying: 'SPY',
    expiry,
    ts,
    spot: 578.4,
    forward: 579,
    timeToExpiry: 0.05,
    callOi,
    putOi,
    callVolume: callOi / 10,
    putVolume: putOi / 5,
    pcrOi: putOi / callOi,
    pcrVolume: (2 * putOi) / callOi,
    maxPain: 575,
    atmStrike: 579,
    straddle: 12.5,
    atmIv: 0.17,
    rr25: -0.04,
    bf25: 0.005,
    gex: 1.5e9,
    ...extra,
  };
}

for (const [name, open] of dialects) {
  describe(`options repository (${name})`, async () => {
    const store = await open();
    after(() => store.close());
    const repo = optionsRepository(store.db);

    it('stores analytics idempotently and reads them back in time order', async () => {
      await repo.saveAnalytics([row('2026-01-09', T0, 100, 150), row('2026-01-16', T0, 300, 250, { rr25: null, straddle: null })]);
      await repo.saveAnalytics([row('2026-01-09', T0 + 5000, 110, 170), row('2026-01-16', T0 + 5000, 320, 260)]);
      // the same snapshot again (a redelivered chain) replaces, never duplicates
      await repo.saveAnalytics([row('2026-01-09', T0 + 5000, 110, 170)]);
      const all = await repo.history('SPY', { limit: 100 });
      assert.equal(all.length, 4);
      assert.deepEqual(
        all.map((r) => [r.ts - T0, r.expiry]),
        [
          [0, '2026-01-09'],
          [0, '2026-01-16'],
          [5000, '2026-01-09'],
          [5000, '2026-01-16'],
        ],
      );
      assert.deepEqual(all[1], row('2026-01-16', T0, 300, 250, { rr25: null, straddle: null }));
      assert.equal((await repo.history('SPY', { expiry: '2026-01-16', from: T0 + 1, limit: 10 })).length, 1);
      assert.equal((await repo.history('QQQ', { limit: 10 })).length, 0);
    });

    it('sums open interest and volume over expiries for the put/call ratio trend', async () => {
      const trend = await repo.pcrTrend('SPY', { limit: 10 });
      assert.deepEqual(
        trend.map((p) => [p.ts - T0, p.callOi, p.putOi, p.pcrOi]),
        [
          [0, 400, 400, 1],
          [5000, 430, 430, 1],
        ],
      );
      assert.equal(trend[0]!.pcrVolume, 400 / 5 / (400 / 10));
      const one = await repo.pcrTrend('SPY', { expiry: '2026-01-09', to: T0, limit: 10 });
      assert.deepEqual(
        one.map((p) => p.pcrOi),
        [1.5],
      );
      assert.deepEqual(
        (await repo.pcrTrend('SPY', { limit: 1 })).map((p) => p.ts),
        [T0 + 5000],
      );
    });

    it('deletes history before a time', async () => {
      assert.equal(await repo.deleteBefore(T0 + 1), 2);
      assert.equal((await repo.history('SPY', { limit: 100 })).length, 2);
    });

    it('deletes in batches, oldest first, across underlyings, and keeps everything at or after the cut', async () => {
      const rows: OptionAnalyticsRecord[] = [];
      for (let i = 0; i < 25; i++) {
        rows.push(row('2026-02-20', T0 - (25 - i) * 60_000, 100 + i, 100));
        rows.push({ ...row('2026-02-20', T0 - (25 - i) * 60_000, 50, 60), underlying: 'QQQ' });
      }
      await repo.saveAnalytics(rows);
      const cut = T0 - 5 * 60_000;
      // 40 rows of SPY and QQQ lie before the cut (20 snapshots each); batches of 15 take the oldest first.
      assert.equal(await repo.deleteBefore(cut, 15), 15);
      const spy = await repo.history('SPY', { expiry: '2026-02-20', limit: 100 });
      const qqq = await repo.history('QQQ', { limit: 100 });
      assert.equal(spy.length + qqq.length, 50 - 15);
      // Seven whole snapshots (T0 − 25 to T0 − 19 minutes) and one row of the eighth.
      assert.equal(Math.min(spy[0]!.ts, qqq[0]!.ts), T0 - 18 * 60_000, 'the oldest went first');
      assert.equal([spy[0]!.ts, qqq[0]!.ts].filter((ts) => ts === T0 - 18 * 60_000).length, 1);
      assert.equal(await repo.deleteBefore(cut, 15), 15);
      assert.equal(await repo.deleteBefore(cut, 15), 10);
      assert.equal(await repo.deleteBefore(cut, 15), 0);
      const left = [...(await repo.history('SPY', { expiry: '2026-02-20', limit: 100 })), ...(await repo.history('QQQ', { limit: 100 }))];
      assert.equal(left.length, 10);
      assert.ok(left.every((r) => r.ts >= cut));
      // The snapshots after the first test's cut are untouched.
      assert.deepEqual(
        (await repo.pcrTrend('SPY', { expiry: '2026-01-09', limit: 10 })).map((p) => p.ts),
        [T0 + 5000],
      );
    });
  });
}

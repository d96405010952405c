import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import type { OptionChainMessage } from '@bourse/core';
import { testServerUrl } from '@bourse/core/testing';
import pg from 'pg';
import { createStore, type LatestChainRecord, type OptionAnalyticsRecord, type OptionsRepository, type Store } from './index.ts';

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

/**
 * The tests share one store per dialect. The history steps are one test (deleting by time reaches every
 * underlying); the latest-chain tests each use an underlying and times of their own, a month after the history.
 */

const T0 = Date.UTC(2026, 0, 7, 18, 0);
const LATER = T0 + 30 * 86_400_000;
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

/** Two snapshots of two expiries of SPY, the second written twice as a redelivered chain would be. */
async function seedTwoSnapshots(repo: OptionsRepository): Promise<void> {
  await repo.saveAnalytics([row('2026-01-09', T0, 100, 150), row('2026-01-16', T0, 300, 250, { rr25: null, straddle: null })]);
  await repo.saveAnalytics([row('2026-01-09', T0 + 5000, 110, 170), row('2026-01-16', T0 + 5000, 320, 260)]);
  await repo.saveAnalytics([row('2026-01-09', T0 + 5000, 110, 170)]);
}

/** A small chain of `underlying` at `ts`, with numbers that JSON must carry exactly. */
function chain(ts: number, root = 'SPY', underlying = 'SPY'): OptionChainMessage {
  const side = (scale: number) => ({
    bid: [5.1 * scale, 0.1 + 0.2],
    ask: [5.3 * scale, 0.35],
    last: [5.2 * scale, null],
    mark: [5.2 * scale, 1e-300],
    volume: [10, 0],
    openInterest: [100, 2 ** 40],
  });
  return {
    underlying,
    ts,
    spot: 578.4,
    rate: 0.0425,
    dividendYield: 1 / 3,
    multiplier: 100,
    currency: 'USD',
    expiries: [
      {
        expiry: '2026-01-16',
        expiryTs: Date.UTC(2026, 0, 16, 21),
        kind: 'monthly',
        root,
        timeToExpiry: 0.024640657084188913,
        forward: 578.9123456789011,
        svi: { a: 0.0012, b: 0.1, rho: -0.7, m: 0.01, sigma: 0.08 },
        strikes: [575, 580],
        call: side(1),
        put: side(0.9),
      },
    ],
  };
}

function latest(underlying: string, ts: number, dayOpenedAt = ts, root = underlying): LatestChainRecord {
  return {
    chain: chain(ts, root, underlying),
    dayOpen: { '2026-01-16': { calls: { itm: 100, atm: 0, otm: 2 ** 40 }, puts: { itm: 0, atm: 90, otm: 1 } } },
    dayOpenedAt,
  };
}

for (const [name, open] of dialects) {
  describe(`options repository (${name})`, async () => {
    const store = await open();
    after(() => store.close());
    const repo = store.options;

    it('keeps analytics history: idempotent writes, ratio trends, deletes by time and in batches', async (t) => {
      await t.test('stores analytics idempotently and reads them back in time order', async () => {
        // the same snapshot again (a redelivered chain) replaces, never duplicates
        await seedTwoSnapshots(repo);
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

      await t.test('sums open interest and volume over expiries for the put/call ratio trend', async () => {
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

      await t.test('deletes history before a time', async () => {
        assert.equal(await repo.deleteBefore(T0 + 1), 2);
        assert.equal((await repo.history('SPY', { limit: 100 })).length, 2);
      });

      await t.test('deletes in batches, oldest first, across underlyings, and keeps everything at or after the cut', async () => {
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
        // The snapshots after the first step's cut are untouched.
        assert.deepEqual(
          (await repo.pcrTrend('SPY', { expiry: '2026-01-09', limit: 10 })).map((p) => p.ts),
          [T0 + 5000],
        );
      });
    });

    it('keeps the latest chain as received, with its day open, and the roots it lists', async () => {
      assert.equal(await repo.latestChain('IWM'), undefined);
      assert.equal(await repo.underlyingOfRoot('IWM'), undefined);
      const first = latest('IWM', LATER);
      const history = { ...row('2026-01-16', LATER, 100, 90), underlying: 'IWM' };
      assert.equal(await repo.saveSnapshot({ analytics: [history], latest: first, roots: ['IWM'] }), true);
      assert.deepEqual(await repo.latestChain('IWM'), first);
      assert.equal(await repo.underlyingOfRoot('IWM'), 'IWM');
      assert.equal(await repo.latestChain('DIA'), undefined);
      assert.equal(await repo.underlyingOfRoot('IWMW'), undefined);
      assert.deepEqual(await repo.history('IWM', { limit: 10 }), [history]);
    });

    it('replaces the latest chain with a newer one or a redelivered one, never with an older one', async () => {
      const save = (l: LatestChainRecord, roots = ['XLF']) =>
        repo.saveSnapshot({ analytics: [{ ...row('2026-01-16', l.chain.ts, 100, 90), underlying: 'XLF' }], latest: l, roots });
      assert.equal(await save(latest('XLF', LATER + 5000, LATER)), true);
      // An older chain arriving late is history, not the latest.
      assert.equal(await save(latest('XLF', LATER + 1000, LATER), ['XLFW']), false);
      assert.equal((await repo.latestChain('XLF'))?.chain.ts, LATER + 5000);
      assert.equal(await repo.underlyingOfRoot('XLFW'), undefined);
      assert.equal((await repo.history('XLF', { limit: 10 })).length, 2);
      // The same chain again (redelivered) is still the latest; a newer one lists a new root.
      assert.equal(await save(latest('XLF', LATER + 5000, LATER)), true);
      assert.equal(await save(latest('XLF', LATER + 9000, LATER, 'XLFW'), ['XLFW']), true);
      assert.deepEqual(await repo.latestChain('XLF'), latest('XLF', LATER + 9000, LATER, 'XLFW'));
      assert.equal(await repo.underlyingOfRoot('XLFW'), 'XLF');
      assert.equal(await repo.underlyingOfRoot('XLF'), 'XLF');
    });
  });
}

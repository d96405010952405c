import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import type { OptionChainMessage } from '@bourse/core';
import { testServerUrl } from '@bourse/core/testing';
import { createStore, type Store } from '@bourse/store';
import { analyseChain, dayOpenOf } from './analytics.ts';
import { ingestChain } from './consumer.ts';
import { type ChainCache, chainState } from './state.ts';

const pgUrl = testServerUrl('postgres');
const schema = `options_state_test_${randomUUID().slice(0, 8)}`;
const dialects: [string, () => Promise<Store>][] = [['pglite', () => createStore({ kind: 'pglite', dir: 'memory://' })]];
if (pgUrl !== undefined) dialects.push(['postgres', () => createStore({ kind: 'postgres', url: pgUrl }, { schema })]);

/** A cache that keeps JSON text, as both cache adapters do; a new one is a cold cache. */
function freshCache(): ChainCache & { size(): number } {
  const entries = new Map<string, string>();
  return {
    async get<T>(key: string) {
      const text = entries.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    async setMany(list) {
      for (const { key, value } of list) entries.set(key, JSON.stringify(value));
    },
    async setIfAbsent(key, value) {
      if (entries.has(key)) return false;
      entries.set(key, JSON.stringify(value));
      return true;
    },
    size: () => entries.size,
  };
}

const T0 = Date.UTC(2026, 0, 7, 15);

/** One expiry of `underlying` under OCC root `${underlying}W`, every open interest raised by `oiBump`. */
function chain(underlying: string, ts: number, oiBump: number): OptionChainMessage {
  const strikes = [90, 95, 100, 105, 110];
  const side = (prices: number[], oi: number[]) => ({
    bid: prices.map((p) => p - 0.05),
    ask: prices.map((p) => p + 0.05),
    last: prices.map(() => null),
    mark: prices,
    volume: prices.map(() => 5),
    openInterest: oi.map((x) => x + oiBump),
  });
  return {
    underlying,
    ts,
    spot: 100,
    rate: 0.04,
    dividendYield: 0,
    multiplier: 100,
    currency: 'USD',
    expiries: [
      {
        expiry: '2026-02-20',
        expiryTs: Date.UTC(2026, 1, 20, 21),
        kind: 'weekly',
        root: `${underlying}W`,
        timeToExpiry: 0.12,
        forward: 100.48,
        svi: { a: 0, b: 0, rho: 0, m: 0, sigma: 0 },
        strikes,
        call: side([11.2, 7.1, 3.9, 1.8, 0.7], [50, 120, 400, 300, 90]),
        put: side([0.6, 1.5, 3.4, 6.3, 10.3], [200, 260, 380, 80, 20]),
      },
    ],
  };
}

for (const [name, open] of dialects) {
  describe(`the options service's latest chains (${name})`, async () => {
    const store = await open();
    after(async () => {
      if (store.kind === 'postgres') await store.db.schema.dropSchema(schema).ifExists().cascade().execute();
      await store.close();
    });
    const repo = store.options;

    it('fills a cold cache from the store: the latest analysed chain, its day open and its OCC roots', async () => {
      const warm = freshCache();
      await ingestChain(repo, chainState(repo, warm), chain('SPY', T0, 0));
      await ingestChain(repo, chainState(repo, warm), chain('SPY', T0 + 5000, 10));
      const before = await chainState(repo, warm).latest('SPY');
      assert.equal(before?.analysis.ts, T0 + 5000);

      const cold = freshCache();
      const state = chainState(repo, cold);
      assert.deepEqual(await state.latest('SPY'), before);
      assert.equal(await state.underlyingOfRoot('SPYW'), 'SPY');
      assert.equal(await state.underlyingOfRoot('SPY'), undefined);
      assert.equal(await state.latest('QQQ'), undefined);
      assert.equal(cold.size(), 2, 'the chain and the root were cached on the way');
    });

    it('measures the build-up from the day open the store kept when the cache is cold', async () => {
      const opening = chain('QQQ', T0, 0);
      await ingestChain(repo, chainState(repo, freshCache()), opening);
      const later = chain('QQQ', T0 + 9000, 20);
      const analysis = await ingestChain(repo, chainState(repo, freshCache()), later);
      const expected = analyseChain(later, dayOpenOf(analyseChain(opening)));
      assert.deepEqual(analysis.analytics[0]?.buildUp, expected.analytics[0]?.buildUp);
      assert.notEqual(analysis.analytics[0]?.buildUp.change, null);
      // A new UTC day opens afresh.
      const nextDay = await ingestChain(repo, chainState(repo, freshCache()), chain('QQQ', T0 + 86_400_000, 30));
      assert.equal(nextDay.analytics[0]?.buildUp.change, null);
    });

    it('keeps a newer chain when an older one arrives late, whatever the cache holds', async () => {
      await ingestChain(repo, chainState(repo, freshCache()), chain('IWM', T0 + 5000, 0));
      const stale = freshCache();
      await ingestChain(repo, chainState(repo, stale), chain('IWM', T0 + 1000, 5));
      assert.equal(stale.size(), 1, 'only the newer chain read through was cached');
      assert.equal((await chainState(repo, freshCache()).latest('IWM'))?.analysis.ts, T0 + 5000);
      assert.equal((await chainState(repo, stale).latest('IWM'))?.analysis.ts, T0 + 5000);
      assert.equal((await repo.history('IWM', { limit: 10 })).length, 2);
    });
  });
}

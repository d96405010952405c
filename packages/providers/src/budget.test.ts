import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { type Cache, createCache, MemoryCache } from '@bourse/cache';
import { testServerUrl } from '@bourse/core/testing';
import { BudgetExhaustedError, DAY, MINUTE, RequestBudget, SECOND } from './budget.ts';

function budgetSuite(name: string, make: () => Cache) {
  describe(`request budget over ${name}`, () => {
    it('allows each window its limit, waits for a short window to turn, and refuses a spent day with the wait', async () => {
      const cache = make();
      const prefix = `budget-test:${randomUUID()}`;
      let now = Date.UTC(2024, 5, 1, 12, 0, 0, 100);
      const slept: number[] = [];
      const budget = (limits: ConstructorParameters<typeof RequestBudget>[0]['limits']) =>
        new RequestBudget({
          provider: 'alphavantage',
          limits,
          counter: cache,
          keyPrefix: prefix,
          now: () => now,
          sleep: async (ms) => {
            slept.push(ms);
            now += ms;
          },
        });
      try {
        const perSecond = budget([{ max: 2, windowMs: SECOND }]);
        await perSecond.take();
        await perSecond.take();
        await perSecond.take(); // the third waits for the next second
        assert.deepEqual(slept, [900]);

        const daily = budget([
          { max: 5, windowMs: MINUTE },
          { max: 3, windowMs: DAY },
        ]);
        // Two processes, one allowance: a second budget over the same counter shares the count.
        const other = budget([
          { max: 5, windowMs: MINUTE },
          { max: 3, windowMs: DAY },
        ]);
        await daily.take();
        await other.take();
        await daily.take();
        await assert.rejects(other.take('IBM'), (e: unknown) => {
          assert.ok(e instanceof BudgetExhaustedError);
          assert.equal(e.kind, 'rate_limited');
          assert.equal(e.details.retryAfterMs, Date.UTC(2024, 5, 2) - now);
          assert.match(e.message, /IBM: request budget spent \(3 per day\)/);
          return true;
        });
        // The refused request took nothing: the minute still has room for two more (5 - 3).
        assert.equal(await cache.get(`${prefix}:alphavantage:${MINUTE}:${Math.floor(now / MINUTE)}`), 3);
      } finally {
        await cache.deletePrefix(prefix);
        await cache.close();
      }
    });
  });
}

budgetSuite('the memory cache', () => new MemoryCache());
const redis = testServerUrl('redis');
if (redis !== undefined) budgetSuite('Redis', () => createCache({ kind: 'redis', url: redis }));

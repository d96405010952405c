import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import type { Cache } from './port.ts';

/**
 * The behaviour every Cache adapter must have, registered once per adapter.
 * `make` must return an isolated cache (a fresh memory cache, or Redis under a
 * unique key prefix): each test ends by deleting every key of the cache it made.
 */
/**
 * Until `done()` holds, looking again every few milliseconds; fails after 5 s. TTLs run on a real
 * clock (Redis's own), so an expiry is waited for, never slept through: a check that an entry is
 * still there uses a TTL no machine outlasts (a minute), one that it is gone waits for it to go.
 */
async function until(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await done())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const MINUTE = 60_000;

export function cacheContract(name: string, make: () => Cache | Promise<Cache>): void {
  describe(`Cache contract: ${name}`, () => {
    let cache: Cache;
    beforeEach(async () => {
      cache = await make();
    });
    afterEach(async () => {
      await cache.deletePrefix('');
      await cache.close();
    });

    it('returns undefined for a key never set', async () => {
      assert.equal(await cache.get('missing'), undefined);
    });

    it('returns what was set', async () => {
      await cache.set('quote:AAPL', { symbol: 'AAPL', last: 228.51, bid: 228.5, ask: 228.52 });
      assert.deepEqual(await cache.get('quote:AAPL'), { symbol: 'AAPL', last: 228.51, bid: 228.5, ask: 228.52 });
    });

    it('overwrites a key that is set again', async () => {
      await cache.set('k', 1);
      await cache.set('k', 2);
      assert.equal(await cache.get('k'), 2);
    });

    it('keeps null apart from a miss', async () => {
      await cache.set('nothing', null);
      assert.equal(await cache.get('nothing'), null);
    });

    it('removes the key when set to undefined', async () => {
      await cache.set('k', 1);
      await cache.set('k', undefined);
      assert.equal(await cache.get('k'), undefined);
    });

    it('round-trips any JSON value as JSON does', async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue(), async (value) => {
          await cache.set('json', value);
          assert.deepEqual(await cache.get('json'), JSON.parse(JSON.stringify(value)));
        }),
        { numRuns: 50 },
      );
    });

    it('returns a copy: changing a value read does not change the cache', async () => {
      await cache.set('bar', { close: 1, tags: ['a'] });
      const read = await cache.get<{ close: number; tags: string[] }>('bar');
      assert.ok(read);
      read.close = 2;
      read.tags.push('b');
      assert.deepEqual(await cache.get('bar'), { close: 1, tags: ['a'] });
    });

    it('stores dates as their JSON text', async () => {
      await cache.set('d', { at: new Date(0) });
      assert.deepEqual(await cache.get('d'), { at: '1970-01-01T00:00:00.000Z' });
    });

    it('gets many in the order asked, with misses as undefined', async () => {
      await cache.set('a', 'A');
      await cache.set('c', { v: 'C' });
      assert.deepEqual(await cache.getMany(['c', 'b', 'a', 'a']), [{ v: 'C' }, undefined, 'A', 'A']);
      assert.deepEqual(await cache.getMany([]), []);
    });

    it('sets many at once, each with its own TTL', async () => {
      await cache.setMany([
        { key: 'q:AAPL', value: { last: 1 } },
        { key: 'q:MSFT', value: { last: 2 }, ttlMs: MINUTE },
        { key: 'q:NVDA', value: [3], ttlMs: 40 },
      ]);
      assert.deepEqual(await cache.getMany(['q:AAPL', 'q:MSFT']), [{ last: 1 }, { last: 2 }]);
      await until('q:NVDA to expire', async () => (await cache.get('q:NVDA')) === undefined);
      assert.deepEqual(await cache.getMany(['q:AAPL', 'q:MSFT', 'q:NVDA']), [{ last: 1 }, { last: 2 }, undefined]);
      await cache.setMany([]);
    });

    it('deletes one key, and deleting a missing key is fine', async () => {
      await cache.set('a', 1);
      await cache.set('b', 2);
      await cache.delete('a');
      await cache.delete('never');
      assert.deepEqual(await cache.getMany(['a', 'b']), [undefined, 2]);
    });

    it('deletes every key under a prefix and nothing else', async () => {
      const keys = Array.from({ length: 1200 }, (_, i) => `bars:1m:S${i}`);
      await cache.setMany(keys.map((key) => ({ key, value: 1 })));
      await cache.setMany([
        { key: 'bars:5m:AAPL', value: 5 },
        { key: 'bars:1', value: 'no colon-m' },
        { key: 'quotes:bars:1m:AAPL', value: 'q' },
      ]);
      await cache.deletePrefix('bars:1m:');
      assert.ok((await cache.getMany(keys)).every((v) => v === undefined));
      assert.deepEqual(await cache.getMany(['bars:5m:AAPL', 'bars:1', 'quotes:bars:1m:AAPL']), [5, 'no colon-m', 'q']);
    });

    it('treats glob characters in a prefix literally', async () => {
      await cache.set('a*[x]?\\b:1', 1);
      await cache.set('aZ[x]?\\b:2', 2);
      await cache.set('a*x:3', 3);
      await cache.deletePrefix('a*[x]?\\b');
      assert.deepEqual(await cache.getMany(['a*[x]?\\b:1', 'aZ[x]?\\b:2', 'a*x:3']), [undefined, 2, 3]);
    });

    it('keeps an entry until its TTL and drops it after', async () => {
      await cache.set('short', 'x', 60);
      await cache.set('long', 'y', MINUTE);
      assert.equal(await cache.get('long'), 'y');
      await until('the short entry to expire', async () => (await cache.get('short')) === undefined);
      // Milliseconds, not seconds, and each key its own: the long one outlives the short one.
      assert.equal(await cache.get('long'), 'y');
    });

    it('drops an old TTL when a key is set again without one', async () => {
      await cache.set('k', 1, 60);
      await cache.set('k', 2);
      await sleep(150);
      assert.equal(await cache.get('k'), 2);
    });

    it('treats a TTL of zero or less as no expiry', async () => {
      await cache.set('z', 1, 0);
      await cache.set('n', 1, -5);
      await sleep(30);
      assert.deepEqual(await cache.getMany(['z', 'n']), [1, 1]);
    });

    it('counts from zero, by one or by a given step, and reads back as a number', async () => {
      assert.equal(await cache.increment('n'), 1);
      assert.equal(await cache.increment('n'), 2);
      assert.equal(await cache.increment('n', { by: 5 }), 7);
      assert.equal(await cache.increment('n', { by: -3 }), 4);
      assert.equal(await cache.get('n'), 4);
      await cache.set('set-as-json', 41);
      assert.equal(await cache.increment('set-as-json'), 42);
    });

    it('gives every one of many concurrent increments its own value', async () => {
      const values = await Promise.all(Array.from({ length: 200 }, () => cache.increment('race', { ttlMs: 60_000 })));
      assert.deepEqual(
        values.sort((a, b) => a - b),
        Array.from({ length: 200 }, (_, i) => i + 1),
      );
      assert.equal(await cache.get('race'), 200);
    });

    it('expires a counter its TTL after the latest increment that gave one', async () => {
      // A short TTL then a long one: the long one rules, so the counter outlives the short one.
      await cache.increment('pushed', { ttlMs: 60 });
      await cache.increment('pushed', { ttlMs: MINUTE });
      // A long TTL then a short one: the short one rules, so the counter goes soon.
      await cache.increment('pulled', { ttlMs: MINUTE });
      await cache.increment('pulled', { ttlMs: 60 });
      await until('the counter given the short TTL last to expire', async () => (await cache.get('pulled')) === undefined);
      // 'pushed' got its short TTL before 'pulled' got its own: had that TTL stood, it would be gone too.
      assert.equal(await cache.get('pushed'), 2, 'the second increment pushed the expiry back');
      assert.equal(await cache.increment('pulled'), 1, 'an expired counter starts again from zero');
    });

    it('keeps the expiry it had when incremented without a TTL', async () => {
      await cache.increment('keeps', { ttlMs: 100 });
      await cache.increment('keeps');
      await cache.increment('forever');
      await until('the counter to keep its expiry', async () => (await cache.get('keeps')) === undefined);
      assert.deepEqual(await cache.getMany(['keeps', 'forever']), [undefined, 1]);
    });

    it('refuses to count a value that is not an integer, and leaves it alone', async () => {
      await cache.set('text', 'abc');
      await cache.set('fraction', 1.5);
      await cache.set('object', { n: 1 });
      for (const key of ['text', 'fraction', 'object']) await assert.rejects(cache.increment(key, { ttlMs: 50 }), key);
      await sleep(120);
      assert.deepEqual(await cache.getMany(['text', 'fraction', 'object']), ['abc', 1.5, { n: 1 }]);
      await assert.rejects(cache.increment('n', { by: 0.5 }), RangeError);
      await assert.rejects(cache.increment('n', { by: Number.MAX_SAFE_INTEGER + 2 }), RangeError);
    });

    it('sets a key only when absent: one of many concurrent callers wins', async () => {
      const won = await Promise.all(Array.from({ length: 50 }, (_, i) => cache.setIfAbsent('gate', { by: i }, 60_000)));
      assert.equal(won.filter(Boolean).length, 1);
      assert.deepEqual(await cache.get('gate'), { by: won.indexOf(true) });
      assert.equal(await cache.setIfAbsent('gate', 'again'), false);
      await assert.rejects(cache.setIfAbsent('nothing', undefined), TypeError);
      assert.equal(await cache.get('nothing'), undefined);
    });

    it('sets a key again once it has expired', async () => {
      assert.equal(await cache.setIfAbsent('held', 1, MINUTE), true);
      assert.equal(await cache.setIfAbsent('held', 2, MINUTE), false, 'still held');
      assert.equal(await cache.setIfAbsent('lock', 1, 60), true);
      await until('the expired lock to be taken again', () => cache.setIfAbsent('lock', 3));
      assert.equal(await cache.get('lock'), 3);
      assert.equal(await cache.get('held'), 1);
    });

    it('reports itself healthy', async () => {
      const health = await cache.health();
      assert.equal(health.ok, true);
    });
  });
}

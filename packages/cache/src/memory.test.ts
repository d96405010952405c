import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cacheContract } from './contract.ts';
import { createCache } from './index.ts';
import { MemoryCache } from './memory.ts';

cacheContract('memory', () => new MemoryCache());

describe('MemoryCache', () => {
  it('is what createCache builds for the memory config', () => {
    assert.equal(createCache({ kind: 'memory' }).kind, 'memory');
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.get('a');
    await cache.set('c', 3);
    assert.deepEqual(await cache.getMany(['a', 'b', 'c']), [1, undefined, 3]);
  });

  it('rejects a bound that is not a positive integer', () => {
    assert.throws(() => new MemoryCache({ maxEntries: 0 }), RangeError);
  });
});

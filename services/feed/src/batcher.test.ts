import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { Tick } from '@bourse/core';
import { BatcherClosedError, TickBatcher } from './batcher.ts';

function tick(symbol: string, seq: number): Tick {
  return { symbol, ts: 1_700_000_000_000 + seq, seq, price: 100, size: 1, bid: 99.99, ask: 100.01 };
}

/**
 * Records each flushed batch; `batchesAfter(n)` resolves once n batches have been flushed. The batcher's
 * linger timer is unref'd, so the wait holds a timer of its own to keep the process up until then.
 */
function recorder() {
  const batches: { symbol: string; seqs: number[] }[] = [];
  const waiting: { n: number; resolve: () => void }[] = [];
  const flush = async (symbol: string, ticks: Tick[]) => {
    batches.push({ symbol, seqs: ticks.map((t) => t.seq) });
    for (const w of waiting) if (batches.length >= w.n) w.resolve();
  };
  const batchesAfter = (n: number) =>
    new Promise<void>((resolve, reject) => {
      if (batches.length >= n) return resolve();
      const guard = setTimeout(() => reject(new Error(`${batches.length} of ${n} batches flushed after 30 s`)), 30_000);
      waiting.push({
        n,
        resolve: () => {
          clearTimeout(guard);
          resolve();
        },
      });
    });
  return { batches, flush, batchesAfter };
}

describe('TickBatcher', () => {
  it('flushes a symbol as soon as its batch is full', async () => {
    const { batches, flush, batchesAfter } = recorder();
    const batcher = new TickBatcher(flush, { maxSize: 3, lingerMs: 10_000 });
    for (let i = 1; i <= 7; i++) batcher.add(tick('AAPL', i));
    batcher.add(tick('MSFT', 1));
    await batchesAfter(2);
    assert.deepEqual(batches, [
      { symbol: 'AAPL', seqs: [1, 2, 3] },
      { symbol: 'AAPL', seqs: [4, 5, 6] },
    ]);
    assert.equal(batcher.size, 2);
    await batcher.close();
    // Each symbol's batches keep their order; between symbols there is none to keep.
    assert.deepEqual(
      batches.slice(2).sort((a, b) => a.symbol.localeCompare(b.symbol)),
      [
        { symbol: 'AAPL', seqs: [7] },
        { symbol: 'MSFT', seqs: [1] },
      ],
    );
  });

  it('flushes a partial batch after the linger time', async () => {
    const { batches, flush, batchesAfter } = recorder();
    const batcher = new TickBatcher(flush, { maxSize: 100, lingerMs: 20 });
    const added = performance.now();
    batcher.add(tick('BTC-USD', 1));
    batcher.add(tick('BTC-USD', 2));
    await batchesAfter(1);
    // Not before the linger time (a timer may fire up to a millisecond early); how much later depends on the machine.
    assert.ok(performance.now() - added >= 19, `flushed after ${performance.now() - added} ms`);
    assert.deepEqual(batches, [{ symbol: 'BTC-USD', seqs: [1, 2] }]);
    await batcher.close();
  });

  it('delivers the batches of one symbol in order, even when a flush is slow', async () => {
    const order: number[] = [];
    const batcher = new TickBatcher(
      async (_symbol, ticks) => {
        await sleep(ticks[0]!.seq === 1 ? 30 : 1);
        order.push(ticks[0]!.seq);
      },
      { maxSize: 2 },
    );
    for (let i = 1; i <= 6; i++) batcher.add(tick('SPY', i));
    await batcher.flushAll();
    assert.deepEqual(order, [1, 3, 5]);
  });

  it('rethrows a failed flush from flushAll, or hands it to onError', async () => {
    const failing = new TickBatcher(async () => {
      throw new Error('bus down');
    });
    failing.add(tick('AAPL', 1));
    await assert.rejects(failing.flushAll(), /bus down/);
    await failing.close();

    const lost: number[] = [];
    const reporting = new TickBatcher(
      async () => {
        throw new Error('bus down');
      },
      { onError: (_e, _s, ticks) => lost.push(...ticks.map((t) => t.seq)) },
    );
    reporting.add(tick('AAPL', 1));
    reporting.add(tick('AAPL', 2));
    await reporting.close();
    assert.deepEqual(lost, [1, 2]);
  });

  it('refuses ticks after close and leaves no timer behind', async () => {
    const { batches, flush } = recorder();
    const batcher = new TickBatcher(flush, { lingerMs: 20 });
    batcher.add(tick('EURUSD', 1));
    await batcher.close();
    assert.throws(() => batcher.add(tick('EURUSD', 2)), BatcherClosedError);
    await sleep(40);
    assert.deepEqual(batches, [{ symbol: 'EURUSD', seqs: [1] }]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Tick } from '@bourse/core';
import { BatcherClosedError, TickBatcher } from './batcher.ts';

function tick(symbol: string, seq: number): Tick {
  return { symbol, ts: 1_700_000_000_000 + seq, seq, price: 100, size: 1, bid: 99.99, ask: 100.01 };
}

/** Let every pending continuation run (the flushes are chained on promises, not timers). */
const settle = () => new Promise((r) => setImmediate(r));

function recorder() {
  const batches: { symbol: string; seqs: number[] }[] = [];
  const flush = async (symbol: string, ticks: Tick[]) => {
    batches.push({ symbol, seqs: ticks.map((t) => t.seq) });
  };
  return { batches, flush };
}

describe('TickBatcher', () => {
  it('flushes a symbol as soon as its batch is full', async () => {
    const { batches, flush } = recorder();
    const batcher = new TickBatcher(flush, { maxSize: 3, lingerMs: 10_000 });
    for (let i = 1; i <= 7; i++) batcher.add(tick('AAPL', i));
    batcher.add(tick('MSFT', 1));
    await settle();
    assert.deepEqual(batches, [
      { symbol: 'AAPL', seqs: [1, 2, 3] },
      { symbol: 'AAPL', seqs: [4, 5, 6] },
    ]);
    assert.equal(batcher.size, 2);
    await batcher.close();
    assert.deepEqual(batches.slice(2), [
      { symbol: 'AAPL', seqs: [7] },
      { symbol: 'MSFT', seqs: [1] },
    ]);
  });

  it('flushes a partial batch after the linger time', async (t) => {
    // The linger timer runs on a clock the test steps, so "not yet" and "now" do not depend on how fast the machine is.
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { batches, flush } = recorder();
    const batcher = new TickBatcher(flush, { maxSize: 100, lingerMs: 20 });
    batcher.add(tick('BTC-USD', 1));
    batcher.add(tick('BTC-USD', 2));
    t.mock.timers.tick(19);
    await settle();
    assert.equal(batches.length, 0);
    t.mock.timers.tick(1);
    await settle();
    assert.deepEqual(batches, [{ symbol: 'BTC-USD', seqs: [1, 2] }]);
    await batcher.close();
  });

  it('delivers the batches of one symbol in order, even when a flush is slow', async () => {
    const started: number[] = [];
    const order: number[] = [];
    // The first flush holds until the test lets it finish: the later batches have every chance to overtake it.
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const batcher = new TickBatcher(
      async (_symbol, ticks) => {
        started.push(ticks[0]!.seq);
        if (ticks[0]!.seq === 1) await held;
        order.push(ticks[0]!.seq);
      },
      { maxSize: 2 },
    );
    for (let i = 1; i <= 6; i++) batcher.add(tick('SPY', i));
    await settle();
    assert.deepEqual(started, [1], 'the later batches wait for the first');
    release();
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

  it('refuses ticks after close and leaves no timer behind', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { batches, flush } = recorder();
    const batcher = new TickBatcher(flush, { lingerMs: 20 });
    batcher.add(tick('EURUSD', 1));
    await batcher.close();
    assert.throws(() => batcher.add(tick('EURUSD', 2)), BatcherClosedError);
    // Past the linger time: a timer left behind would flush again now.
    t.mock.timers.runAll();
    await settle();
    assert.deepEqual(batches, [{ symbol: 'EURUSD', seqs: [1] }]);
  });
});

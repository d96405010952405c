import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Bar, barPayload, INTERVALS, loadConfig, subjects, type Tick, tickBatch } from '@bourse/core';
import { startProcess } from '@bourse/kit';
import { barsService } from './index.ts';

describe('bars service', () => {
  it('publishes open and final bars that every consumer reads as bars, the final ones as stored', { timeout: 120_000 }, async (t) => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const running = await startProcess({
      config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
      modules: [barsService],
      listen: false,
    });
    t.after(() => running.stop());
    const { bus, store } = running.ctx;
    const published = bus.subscribe(subjects.barsAll);
    t.after(() => published.unsubscribe());

    // Yesterday's ticks: every interval they fall in has ended, so each open bar is followed by its final one.
    const t0 = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() - 1, 14, 30);
    const ticks: Tick[] = [
      [0, 100, 10],
      [15_000, 101.5, 5],
      [40_000, 99.75, 20],
      [61_000, 100.25, 0],
    ].map(([offset, price, size], i) => ({
      symbol: 'BRK.B',
      ts: t0 + offset!,
      seq: i + 1,
      price: price!,
      size: size!,
      bid: price! - 0.01,
      ask: price! + 0.01,
    }));
    // What ingest would have stored: the final bars are read back from the store.
    await store.ticks.ingest(ticks);
    await bus.publish(subjects.tick('BRK.B'), tickBatch(ticks, { source: 'test' }));

    const open: Bar[] = [];
    const final: Bar[] = [];
    const wanted = INTERVALS.length + 1; // two minutes, one bar of each longer interval
    for await (const msg of published) {
      const bar = barPayload.read(msg.envelope); // throws, with the schema's reason, on a bar a consumer would skip
      (bar.final ? final : open).push(bar);
      if (final.length === wanted) break;
    }
    assert.equal(open.length, wanted);
    for (const bar of final) {
      const [stored] = await store.bars.range(bar.symbol, bar.interval, { from: bar.start, to: bar.start, limit: 1 });
      assert.deepEqual(bar, { ...stored, final: true });
    }
    const day = final.find((b) => b.interval === '1d');
    assert.deepEqual(day && [day.open, day.high, day.low, day.close, day.volume, day.trades], [100, 101.5, 99.75, 100.25, 35, 4]);
  });
});

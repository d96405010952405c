import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BAR, type Bar, barPayload, envelope, loadConfig, subjects, type Tick } from '@bourse/core';
import { startProcess } from '@bourse/kit';
import { finalsThrough } from './catch-up.ts';
import { barsService, startLiveBars } from './index.ts';

const MIN = 60_000;

describe('final bars after a restart', () => {
  it('reads how far the finals are out from the last message of a subject', () => {
    const bar = (start: number, final: boolean): Bar => ({
      symbol: 'AAPL',
      interval: '1m',
      start,
      open: 1,
      high: 1,
      low: 1,
      close: 1,
      volume: 1,
      trades: 1,
      vwap: 1,
      final,
    });
    const env = (b: Bar) => envelope({ id: 'x', type: BAR, source: 'bars@t', key: 'AAPL', data: b });
    assert.equal(finalsThrough(env(bar(10 * MIN, true)), '1m'), 10 * MIN);
    // a partial of 10 goes out only after the final of 9
    assert.equal(finalsThrough(env(bar(10 * MIN, false)), '1m'), 9 * MIN);
    assert.equal(finalsThrough(undefined, '1m'), undefined);
    assert.equal(finalsThrough(envelope({ id: 'y', type: 'other', source: 's', key: 'k', data: {} }), '1m'), undefined);
  });

  it('publishes the finals of intervals that ended while it was away once, oldest first, and a second restart none', {
    timeout: 120_000,
  }, async (t) => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const running = await startProcess({
      config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
      modules: [barsService],
      listen: false,
    });
    t.after(() => running.stop());
    const { bus, store, metrics } = running.ctx;
    const finals: Bar[] = [];
    const published = bus.subscribe(subjects.barsAll);
    t.after(() => published.unsubscribe());
    void (async () => {
      for await (const m of published) {
        const b = barPayload.read(m.envelope);
        if (b.final && b.symbol === 'MSFT' && b.interval === '1m') finals.push(b);
      }
    })();

    // Two minutes of an hour ago were stored by ingest; the bars process that saw them died after the partials of the first.
    const t0 = Math.floor((Date.now() - 3600_000) / MIN) * MIN;
    const ticks: Tick[] = [0, 20_000, 61_000, 90_000].map((offset, i) => ({
      symbol: 'MSFT',
      ts: t0 + offset,
      seq: i + 1,
      price: 400 + i,
      size: 10,
      bid: 399.99 + i,
      ask: 400.01 + i,
    }));
    await store.ticks.ingest(ticks);
    const [partial] = await store.bars.range('MSFT', '1m', { from: t0, to: t0, limit: 1 });
    await bus.publish(
      subjects.bar('1m', 'MSFT'),
      envelope({ id: 'partial-14:30', type: BAR, source: 'bars@old', key: 'MSFT', data: { ...partial!, final: false } }),
    );

    const finalsCounted = async () =>
      Number((await metrics.registry.getSingleMetricAsString('bourse_bars_published_total')).match(/kind="final"[^\n]* (\d+)/)?.[1] ?? 0);
    const before = await finalsCounted();
    const options = { publishEveryMs: 50, finalizeAfterMs: 0, reconnectGraceMs: 0 };
    // stop() runs a last round, which catches up first: when it resolves, the catch-up is done
    await (await startLiveBars(running.ctx, options)).stop();
    assert.deepEqual(
      finals.map((b) => b.start),
      [t0, t0 + MIN],
    );
    for (const bar of finals) {
      const [stored] = await store.bars.range('MSFT', '1m', { from: bar.start, to: bar.start, limit: 1 });
      assert.deepEqual(bar, { ...stored, final: true });
    }
    const afterFirst = await finalsCounted();
    assert.ok(afterFirst - before >= 2);

    // The subject now ends with the final of 14:31: another restart owes nothing for it.
    await (await startLiveBars(running.ctx, options)).stop();
    const msft1m = (await finalsCounted()) - afterFirst;
    assert.equal(msft1m, 0, 'a second restart publishes no final again');
    assert.equal(finals.length, 2);
  });
});

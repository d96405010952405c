import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Tick } from '@bourse/core';
import { addTick, aggregateKey, aggregateTicks, type BarAggregate, fromTick, mergeAggregates, toBar } from './aggregate.ts';

const tickArb = fc.record({
  symbol: fc.constantFrom('AAPL', 'MSFT'),
  ts: fc.integer({ min: 1_700_000_000_000, max: 1_700_000_000_000 + 3 * 3_600_000 }),
  seq: fc.integer({ min: 0, max: 1_000_000 }),
  price: fc.double({ min: 1, max: 1000, noNaN: true }),
  size: fc.integer({ min: 0, max: 10_000 }),
  bid: fc.constant(1),
  ask: fc.constant(2),
}) satisfies fc.Arbitrary<Tick>;

/** Reference: a bar computed directly from its ticks, sorted by (ts, seq). */
function reference(ticks: Tick[]) {
  const s = [...ticks].sort((a, b) => a.ts - b.ts || a.seq - b.seq);
  const volume = s.reduce((x, t) => x + t.size, 0);
  return {
    open: s[0]!.price,
    close: s.at(-1)!.price,
    high: Math.max(...s.map((t) => t.price)),
    low: Math.min(...s.map((t) => t.price)),
    volume,
    trades: s.length,
  };
}

function uniqueKeys(ticks: Tick[]): Tick[] {
  const seen = new Set<string>();
  return ticks.filter((t) => {
    const k = `${t.symbol}|${t.ts}|${t.seq}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

describe('bar aggregation', () => {
  it('equals a recomputation from the ticks of each bucket', () => {
    fc.assert(
      fc.property(fc.array(tickArb, { minLength: 1, maxLength: 200 }).map(uniqueKeys), (ticks) => {
        for (const agg of aggregateTicks(ticks, ['1m', '1h'])) {
          const ms = agg.interval === '1m' ? 60_000 : 3_600_000;
          const mine = ticks.filter((t) => t.symbol === agg.symbol && t.ts >= agg.start && t.ts < agg.start + ms);
          const ref = reference(mine);
          const bar = toBar(agg, false);
          assert.equal(bar.open, ref.open);
          assert.equal(bar.close, ref.close);
          assert.equal(bar.high, ref.high);
          assert.equal(bar.low, ref.low);
          assert.equal(bar.volume, ref.volume);
          assert.equal(bar.trades, ref.trades);
        }
      }),
    );
  });

  it('gives the same bars whichever way the ticks are split and merged', () => {
    fc.assert(
      fc.property(fc.array(tickArb, { minLength: 1, maxLength: 100 }).map(uniqueKeys), fc.integer({ min: 0, max: 100 }), (ticks, cut) => {
        const whole = aggregateTicks(ticks, ['5m']);
        const parts = [...aggregateTicks(ticks.slice(cut), ['5m']), ...aggregateTicks(ticks.slice(0, cut), ['5m'])];
        const merged = new Map<string, BarAggregate>();
        for (const p of parts) {
          const k = `${p.symbol}|${p.start}`;
          const prev = merged.get(k);
          merged.set(k, prev ? mergeAggregates(prev, p) : p);
        }
        assert.equal(merged.size, whole.length);
        for (const w of whole) {
          const m = merged.get(`${w.symbol}|${w.start}`)!;
          assert.equal(m.open, w.open);
          assert.equal(m.close, w.close);
          assert.equal(m.high, w.high);
          assert.equal(m.low, w.low);
          assert.equal(m.volume, w.volume);
          assert.equal(m.trades, w.trades);
        }
      }),
    );
  });

  it('agrees with the tick-by-tick fold of the live bars, duplicates and arrival order included', () => {
    fc.assert(
      fc.property(fc.array(tickArb, { minLength: 1, maxLength: 200 }), (ticks) => {
        // The live bars service folds ticks one at a time as they arrive.
        const live = new Map<string, BarAggregate>();
        for (const t of ticks) {
          for (const interval of ['1m', '15m'] as const) {
            const agg = fromTick(t, interval);
            const key = aggregateKey(t.symbol, interval, agg.start);
            const cur = live.get(key);
            if (cur) addTick(cur, t);
            else live.set(key, agg);
          }
        }
        const batch = aggregateTicks(ticks, ['1m', '15m']);
        assert.equal(batch.length, live.size);
        for (const b of batch) {
          const { pv, ...rest } = live.get(aggregateKey(b.symbol, b.interval, b.start))!;
          const { pv: bpv, ...brest } = b;
          assert.deepEqual(brest, rest);
          assert.ok(Math.abs(bpv - pv) <= 1e-9 * Math.max(1, Math.abs(pv)));
        }
      }),
    );
  });

  it('orders the aggregates by interval, symbol and start', () => {
    const t = (symbol: string, ts: number, seq: number) => ({ symbol, ts, seq, price: 1, size: 1, bid: 1, ask: 1 });
    const aggs = aggregateTicks([t('MSFT', 120_000, 1), t('AAPL', 60_000, 2), t('MSFT', 0, 3), t('AAPL', 0, 4)], ['1m', '1h']);
    assert.deepEqual(
      aggs.map((a) => `${a.interval} ${a.symbol} ${a.start}`),
      ['1m AAPL 0', '1m AAPL 60000', '1m MSFT 0', '1m MSFT 120000', '1h AAPL 0', '1h MSFT 0'],
    );
  });

  it('uses the close as VWAP when nothing traded', () => {
    const [agg] = aggregateTicks([{ symbol: 'SPX', ts: 0, seq: 1, price: 5000, size: 0, bid: 4999, ask: 5001 }], ['1m']);
    assert.equal(toBar(agg!, false).vwap, 5000);
  });
});

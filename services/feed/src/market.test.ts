import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOG } from '@bourse/core';
import { MS_PER_YEAR, SyntheticMarket, UnknownInstrumentError } from './market.ts';

const T0 = Date.UTC(2026, 0, 5, 14, 30);
const bySymbol = new Map(CATALOG.map((e) => [e.symbol, e]));

/** `x` is a whole multiple of `step` (up to binary rounding). */
function onGrid(x: number, step: number): boolean {
  const k = x / step;
  return Math.abs(k - Math.round(k)) < 1e-6;
}

describe('SyntheticMarket', () => {
  it('gives byte-identical ticks for the same seed and calls', () => {
    const a = new SyntheticMarket({ seed: 7 });
    const b = new SyntheticMarket({ seed: 7 });
    const run = (m: SyntheticMarket) =>
      JSON.stringify([...m.nextTicks(5000, T0, T0 + 60_000), m.nextTick(T0 + 61_000), m.nextTickFor('AAPL', T0 + 62_000)]);
    assert.equal(run(a), run(b));
  });

  it('gives different ticks for a different seed', () => {
    const a = new SyntheticMarket({ seed: 7 }).nextTicks(100, T0, T0 + 1000);
    const b = new SyntheticMarket({ seed: 8 }).nextTicks(100, T0, T0 + 1000);
    assert.notEqual(JSON.stringify(a), JSON.stringify(b));
  });

  it('keeps prices positive and bid <= price <= ask on the tick grid, sizes in whole lots', () => {
    const market = new SyntheticMarket({ seed: 42 });
    // A long span (a year) so that volatile instruments move many ticks per step.
    for (const tick of market.nextTicks(60_000, T0, T0 + MS_PER_YEAR)) {
      const entry = bySymbol.get(tick.symbol)!;
      const where = JSON.stringify(tick);
      assert.ok(tick.price > 0 && tick.bid > 0, where);
      assert.ok(tick.bid < tick.ask, where);
      assert.ok(tick.bid <= tick.price && tick.price <= tick.ask, where);
      for (const p of [tick.price, tick.bid, tick.ask]) assert.ok(onGrid(p, entry.tickSize), where);
      if (entry.assetClass === 'index') assert.equal(tick.size, 0, where);
      else assert.ok(tick.size > 0 && onGrid(tick.size, entry.lotSize), where);
      assert.ok(Number.isInteger(tick.ts), where);
    }
  });

  it('prints tick-grid prices without binary noise', () => {
    const market = new SyntheticMarket({ seed: 3 });
    for (const tick of market.nextTicks(5000, T0, T0 + 86_400_000)) {
      const step = bySymbol.get(tick.symbol)!.tickSize;
      const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
      assert.equal(tick.price, Number(tick.price.toFixed(decimals)), JSON.stringify(tick));
    }
  });

  it('numbers each symbol 1, 2, 3, ... with strictly increasing seq', () => {
    const market = new SyntheticMarket({ seed: 1 });
    const last = new Map<string, number>();
    for (const tick of market.nextTicks(20_000, T0, T0 + 600_000)) {
      assert.equal(tick.seq, (last.get(tick.symbol) ?? 0) + 1);
      last.set(tick.symbol, tick.seq);
    }
  });

  it('picks instruments in proportion to their weights', () => {
    const market = new SyntheticMarket({ seed: 11 });
    const n = 100_000;
    const counts = new Map<string, number>();
    for (const tick of market.nextTicks(n, T0, T0 + 3_600_000)) counts.set(tick.symbol, (counts.get(tick.symbol) ?? 0) + 1);
    const total = CATALOG.reduce((s, e) => s + e.sim.weight, 0);
    for (const entry of CATALOG) {
      const p = entry.sim.weight / total;
      const expected = n * p;
      const sd = Math.sqrt(n * p * (1 - p));
      assert.ok(
        Math.abs((counts.get(entry.symbol) ?? 0) - expected) < 5 * sd,
        `${entry.symbol}: ${counts.get(entry.symbol)} vs ${expected}`,
      );
    }
  });

  it('continues the price path and the seq after a restart', () => {
    const first = new SyntheticMarket({ seed: 5 });
    first.nextTicks(3000, T0, T0 + 30 * 86_400_000);
    const state = first.snapshot();
    const resumed = new SyntheticMarket({ seed: 5, resume: state });
    const tick = resumed.nextTickFor('NVDA', state['NVDA']!.ts! + 1);
    assert.equal(tick.seq, state['NVDA']!.seq + 1);
    // One millisecond later the price is within a tick or two of where it stopped, not back at the start.
    assert.ok(Math.abs(tick.price - state['NVDA']!.price) <= 0.02, `${tick.price} vs ${state['NVDA']!.price}`);
    assert.notEqual(state['NVDA']!.price, bySymbol.get('NVDA')!.sim.price);
    // The same resume state gives the same continuation.
    const again = new SyntheticMarket({ seed: 5, resume: state });
    assert.deepEqual(again.nextTickFor('NVDA', state['NVDA']!.ts! + 1), tick);
  });

  it('starts a fresh instrument at its catalog price, one tick grid away at most', () => {
    const tick = new SyntheticMarket({ seed: 9 }).nextTickFor('FPT', T0);
    assert.equal(tick.price, 133_500);
    assert.equal(tick.seq, 1);
  });

  it('draws trade sizes around the typical lots, with a heavy right tail', () => {
    const entry = bySymbol.get('AAPL')!;
    const market = new SyntheticMarket({ seed: 17, instruments: [entry] });
    const lots = Array.from({ length: 20_000 }, (_, i) => market.nextTickFor('AAPL', T0 + i).size / entry.lotSize).sort((a, b) => a - b);
    const median = lots[lots.length / 2]!;
    assert.ok(Math.abs(median - entry.sim.lots) < 0.05 * entry.sim.lots, `median ${median} lots`);
    // Lognormal tail: the 99th percentile is about e^2.33 (10x) the median.
    assert.ok(lots[Math.floor(lots.length * 0.99)]! > 8 * median);
  });

  it('refuses a symbol it does not simulate', () => {
    assert.throws(() => new SyntheticMarket({ seed: 1 }).nextTickFor('NOPE', T0), UnknownInstrumentError);
  });

  it('moves log prices as GBM: mean and variance per year match mu - sigma^2/2 and sigma^2', () => {
    const entry = bySymbol.get('SPY')!;
    const { drift: mu, vol: sigma } = entry.sim;
    const market = new SyntheticMarket({ seed: 2024, instruments: [entry] });
    const n = 40_000;
    const stepMs = 3_600_000;
    const dt = stepMs / MS_PER_YEAR;
    let prev = market.nextTickFor('SPY', T0).price;
    let sum = 0;
    let sumSq = 0;
    for (let i = 1; i <= n; i++) {
      const price = market.nextTickFor('SPY', T0 + i * stepMs).price;
      const r = Math.log(price / prev);
      sum += r;
      sumSq += r * r;
      prev = price;
    }
    const meanPerYear = sum / n / dt;
    const varPerYear = (sumSq - (sum * sum) / n) / (n - 1) / dt;
    // Standard errors of the two estimators under GBM: sigma / sqrt(T) and sigma^2 sqrt(2 / (n - 1)).
    const seMean = sigma / Math.sqrt(n * dt);
    const seVar = sigma * sigma * Math.sqrt(2 / (n - 1));
    assert.ok(Math.abs(meanPerYear - (mu - sigma ** 2 / 2)) < 4 * seMean, `mean ${meanPerYear} vs ${mu - sigma ** 2 / 2} (se ${seMean})`);
    assert.ok(Math.abs(varPerYear - sigma ** 2) < 4 * seVar, `variance ${varPerYear} vs ${sigma ** 2} (se ${seVar})`);
  });

  it('does not move a price when no time has passed', () => {
    const market = new SyntheticMarket({ seed: 1, instruments: [bySymbol.get('BTC-USD')!] });
    const a = market.nextTickFor('BTC-USD', T0);
    const b = market.nextTickFor('BTC-USD', T0);
    const c = market.nextTickFor('BTC-USD', T0 - 5000);
    assert.equal(b.price, a.price);
    assert.equal(c.price, a.price);
  });
});

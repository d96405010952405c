import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadRequestError, CATALOG, NotFoundError } from '@bourse/core';
import { HISTORY_ANCHOR_MS } from '@bourse/providers';
import { SyntheticMarket } from './market.ts';
import { SyntheticProvider } from './provider.ts';

const NOW = Date.UTC(2026, 2, 10, 12, 0);
const DAY = 86_400_000;
const bySymbol = new Map(CATALOG.map((e) => [e.symbol, e]));

function provider(seed = 42) {
  return new SyntheticProvider({ market: new SyntheticMarket({ seed }), now: () => NOW });
}

describe('SyntheticProvider', () => {
  it('handles the catalog symbols and nothing else', () => {
    const p = provider();
    assert.equal(p.name, 'synthetic');
    assert.ok(p.canHandle('AAPL') && p.canHandle('VCB') && p.canHandle('BTC-USD'));
    assert.equal(p.canHandle('NOPE'), false);
  });

  it('quotes the last tick of the market and leaves out unknown symbols', async () => {
    const market = new SyntheticMarket({ seed: 1 });
    const p = new SyntheticProvider({ market, now: () => NOW });
    const tick = market.nextTickFor('AAPL', NOW - 1000);
    const quotes = await p.getQuotes(['AAPL', 'NOPE', 'EURUSD']);
    assert.deepEqual(
      quotes.map((q) => q.symbol),
      ['AAPL', 'EURUSD'],
    );
    assert.deepEqual(quotes[0], { symbol: 'AAPL', ts: tick.ts, last: tick.price, bid: tick.bid, ask: tick.ask, currency: 'USD' });
    assert.ok(quotes[1]!.bid < quotes[1]!.ask);
  });

  it('draws the same history for the same seed, and another for another seed', async () => {
    const from = NOW - 3 * DAY;
    const a = await provider(42).getHistorical('MSFT', '1h', from, NOW);
    const b = await provider(42).getHistorical('MSFT', '1h', from, NOW);
    const c = await provider(43).getHistorical('MSFT', '1h', from, NOW);
    assert.equal(a.length, 72);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('returns finished, ascending, consistent bars on the tick grid', async () => {
    const bars = await provider().getHistorical('FPT', '15m', NOW - DAY, NOW + DAY);
    assert.equal(bars.length, 96);
    bars.forEach((bar, i) => {
      assert.equal(bar.start, NOW - DAY + i * 900_000);
      assert.ok(bar.start + 900_000 <= NOW && bar.final);
      assert.ok(bar.low <= Math.min(bar.open, bar.close) && bar.high >= Math.max(bar.open, bar.close) && bar.low > 0);
      for (const p of [bar.open, bar.high, bar.low, bar.close]) assert.equal(p % 100, 0);
      assert.ok(bar.volume > 0 && bar.volume % 100 === 0 && bar.trades > 0);
      assert.ok(bar.vwap >= bar.low * 0.99 && bar.vwap <= bar.high * 1.01);
    });
  });

  it('builds every interval from the same minutes', async () => {
    const p = provider();
    const start = Date.UTC(2026, 2, 9);
    const [day] = await p.getHistorical('NVDA', '1d', start, start + DAY);
    const hours = await p.getHistorical('NVDA', '1h', start, start + DAY);
    assert.ok(day);
    assert.equal(hours.length, 24);
    assert.equal(day.open, hours[0]!.open);
    assert.equal(day.close, hours[23]!.close);
    assert.equal(day.high, Math.max(...hours.map((h) => h.high)));
    assert.equal(day.low, Math.min(...hours.map((h) => h.low)));
    assert.equal(
      day.trades,
      hours.reduce((s, h) => s + h.trades, 0),
    );
    // Each day opens where the day before closed.
    const days = await p.getHistorical('NVDA', '1d', start - 10 * DAY, start + DAY);
    for (let i = 1; i < days.length; i++) assert.equal(days[i]!.open, days[i - 1]!.close);
  });

  it('passes through the catalog price on the anchor day, and indices have no volume', async () => {
    const [bar] = await provider().getHistorical('SPX', '1d', HISTORY_ANCHOR_MS, HISTORY_ANCHOR_MS + DAY);
    assert.equal(bar?.open, bySymbol.get('SPX')!.sim.price);
    assert.equal(bar?.volume, 0);
  });

  it('rejects unknown symbols, bad intervals and bad ranges', async () => {
    const p = provider();
    await assert.rejects(p.getHistorical('NOPE', '1d', 0, NOW), NotFoundError);
    await assert.rejects(p.getHistorical('AAPL', '2m' as '1m', 0, NOW), BadRequestError);
    await assert.rejects(p.getHistorical('AAPL', '1d', NOW, NOW - DAY), BadRequestError);
    await assert.rejects(p.getHistorical('AAPL', '1m', 0, NOW), BadRequestError);
  });
});

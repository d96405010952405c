import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomWalk } from '../testing/series.ts';
import { assertMatches, talibRun } from '../testing/talib.ts';
import { atr, natr, trange } from './atr.ts';
import { bbands, stddev } from './bbands.ts';
import { donchian } from './donchian.ts';
import { keltner, keltnerLookback } from './keltner.ts';

const s = randomWalk(10_000, 11);
const { high, low, close } = s;
const inReal = close;

describe('volatility indicators against TA-Lib 1.1.6 on 10,000 bars', () => {
  for (const period of [1, 2, 5, 14, 30]) {
    const opts = { optInTimePeriod: period };
    it(`ATR(${period}) matches`, () =>
      assertMatches(atr(high, low, close, period), talibRun('ATR', { high, low, close }, opts).out['outReal']!, 'ATR'));
    // TA-Lib's NATR(1) returns the raw true range, so the registry starts NATR at 2
    if (period > 1)
      it(`NATR(${period}) matches`, () =>
        assertMatches(natr(high, low, close, period), talibRun('NATR', { high, low, close }, opts).out['outReal']!, 'NATR'));
    if (period < 2) continue;
    for (const dev of [1, 2, 2.5]) {
      it(`BBANDS(${period},${dev}) matches`, () => {
        const ours = bbands(close, period, dev);
        const ref = talibRun('BBANDS', { inReal }, { optInTimePeriod: period, optInNbDevUp: dev, optInNbDevDn: dev, optInMAType: 0 }).out;
        assertMatches(ours.upper, ref['outRealUpperBand']!, 'upper');
        assertMatches(ours.middle, ref['outRealMiddleBand']!, 'middle');
        assertMatches(ours.lower, ref['outRealLowerBand']!, 'lower');
      });
      it(`STDDEV(${period},${dev}) matches`, () =>
        assertMatches(
          stddev(close, period, dev),
          talibRun('STDDEV', { inReal }, { optInTimePeriod: period, optInNbDev: dev }).out['outReal']!,
          'STDDEV',
        ));
    }
  }
  it('TRANGE matches', () => assertMatches(trange(high, low, close), talibRun('TRANGE', { high, low, close }).out['outReal']!, 'TRANGE'));
});

describe('Keltner Channels (StockCharts: EMA(20) +/- 2 * ATR(10))', () => {
  it('puts the bands multiplier * ATR around the EMA, computed by hand', () => {
    // period 2 EMA (k = 2/3) seeded with the SMA of the first 2 closes; ATR(2) seeded with the mean of 2 true ranges
    const high = new Float64Array([11, 12, 13, 12]);
    const low = new Float64Array([9, 10, 11, 9]);
    const close = new Float64Array([10, 11, 12, 10]);
    const out = keltner(high, low, close, 2, 2, 2);
    assert.equal(keltnerLookback(2, 2), 2);
    assert.ok(Number.isNaN(out.middle[1]!));
    // bar 2: EMA = 11 + (12 - 11.5... ) — ema1 = 10.5, ema2 = (12 - 10.5) * 2/3 + 10.5 = 11.5
    // TR1 = max(12,10) - min(10,10) = 2, TR2 = max(13,11) - min(11,11) = 2, ATR = 2
    assert.equal(out.middle[2], 11.5);
    assert.equal(out.upper[2], 15.5);
    assert.equal(out.lower[2], 7.5);
    // bar 3: EMA = (10 - 11.5) * 2/3 + 11.5 = 10.5; TR3 = max(12,12) - min(9,12) = 3, ATR = (2 + 3) / 2 = 2.5
    assert.ok(Math.abs(out.middle[3]! - 10.5) < 1e-12);
    assert.ok(Math.abs(out.upper[3]! - 15.5) < 1e-12);
  });
});

describe('Donchian Channels (highest high / lowest low over the period)', () => {
  it('tracks the extremes of the window including the current bar', () => {
    const high = new Float64Array([5, 7, 6, 4, 3]);
    const low = new Float64Array([4, 5, 2, 3, 1]);
    const out = donchian(high, low, 3);
    assert.deepEqual(Array.from(out.upper).slice(2), [7, 7, 6]);
    assert.deepEqual(Array.from(out.lower).slice(2), [2, 2, 1]);
    assert.deepEqual(Array.from(out.middle).slice(2), [4.5, 4.5, 3.5]);
  });
});

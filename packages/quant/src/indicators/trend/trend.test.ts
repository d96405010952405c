import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomWalk } from '../testing/series.ts';
import { assertMatches, talibRun } from '../testing/talib.ts';
import { aroon, aroonosc } from './aroon.ts';
import { adx, adxLookback, dx, minusDi, plusDi } from './dm.ts';
import { ichimoku, ichimokuLookback } from './ichimoku.ts';
import { type LinRegPart, linreg } from './linreg.ts';
import { sar } from './sar.ts';
import { supertrend } from './supertrend.ts';

const s = randomWalk(10_000, 3);
const { high, low, close } = s;
const inReal = close;

describe('trend indicators against TA-Lib 1.1.6 on 10,000 bars', () => {
  for (const period of [2, 5, 14, 30]) {
    const opts = { optInTimePeriod: period };
    const hlc = { high, low, close };
    it(`ADX(${period}) with +DI/-DI matches`, () => {
      const ours = adx(high, low, close, period);
      assertMatches(ours.adx, talibRun('ADX', hlc, opts).out['outReal']!, 'adx');
      // +DI and -DI are defined from bar `period` on, but ADX averages `period` DX values first and
      // starts at bar 2*period - 1: the composite reports all three lines from there, so its DI lines
      // are compared with TA-Lib's where they are defined (PLUS_DI and MINUS_DI below test the full lines).
      const lb = adxLookback(period);
      assert.equal(lb, 2 * period - 1);
      for (const [line, fn] of [
        ['plusDi', 'PLUS_DI'],
        ['minusDi', 'MINUS_DI'],
      ] as const) {
        const di = ours[line];
        assert.ok(di.subarray(0, lb).every(Number.isNaN), `${line}: NaN before bar ${lb}`);
        assertMatches(di.subarray(lb), talibRun(fn, hlc, opts).out['outReal']!.subarray(lb), line);
      }
    });
    it(`DX(${period}) matches`, () => assertMatches(dx(high, low, close, period), talibRun('DX', hlc, opts).out['outReal']!, 'DX'));
    it(`PLUS_DI(${period}) matches`, () =>
      assertMatches(plusDi(high, low, close, period), talibRun('PLUS_DI', hlc, opts).out['outReal']!, '+DI'));
    it(`MINUS_DI(${period}) matches`, () =>
      assertMatches(minusDi(high, low, close, period), talibRun('MINUS_DI', hlc, opts).out['outReal']!, '-DI'));
    it(`AROON(${period}) matches`, () => {
      const ours = aroon(high, low, period);
      const ref = talibRun('AROON', { high, low }, opts).out;
      assertMatches(ours.up, ref['outAroonUp']!, 'up');
      assertMatches(ours.down, ref['outAroonDown']!, 'down');
    });
    it(`AROONOSC(${period}) matches`, () =>
      assertMatches(aroonosc(high, low, period), talibRun('AROONOSC', { high, low }, opts).out['outReal']!, 'AROONOSC'));
    for (const [part, fn] of [
      ['value', 'LINEARREG'],
      ['slope', 'LINEARREG_SLOPE'],
      ['angle', 'LINEARREG_ANGLE'],
      ['intercept', 'LINEARREG_INTERCEPT'],
      ['forecast', 'TSF'],
    ] as const) {
      it(`${fn}(${period}) matches`, () =>
        assertMatches(linreg(close, period, part as LinRegPart), talibRun(fn, { inReal }, opts).out['outReal']!, fn));
    }
  }
  for (const [acc, max] of [
    [0.02, 0.2],
    [0.01, 0.1],
    [0.05, 0.5],
  ] as const) {
    it(`SAR(${acc},${max}) matches`, () =>
      assertMatches(
        sar(high, low, acc, max),
        talibRun('SAR', { high, low }, { optInAcceleration: acc, optInMaximum: max }).out['outReal']!,
        'SAR',
      ));
  }
});

describe('SuperTrend (TradingView ta.supertrend)', () => {
  it('starts down on the upper band, then flips up when the close crosses it', () => {
    // ATR(1) is the true range; multiplier 1
    const high = new Float64Array([10, 11, 11, 15]);
    const low = new Float64Array([9, 10, 10, 13]);
    const close = new Float64Array([10, 10.5, 10.5, 14]);
    const out = supertrend(high, low, close, 1, 1);
    assert.ok(Number.isNaN(out.value[0]!));
    // bar 1: TR = 1, mid 10.5 -> upper 11.5, lower 9.5; first bar is down on the upper band
    assert.equal(out.direction[1], -1);
    assert.equal(out.value[1], 11.5);
    // bar 2: TR = 1, same bands; close 10.5 stays below 11.5
    assert.equal(out.direction[2], -1);
    assert.equal(out.value[2], 11.5);
    // bar 3: TR = max(15, 10.5) - min(13, 10.5) = 4.5, mid 14 -> basic upper 18.5 is not below 11.5 and
    // the previous close 10.5 is not above it, so the upper band stays 11.5; close 14 > 11.5 flips up.
    // lower: basic 9.5 is not above 9.5 -> stays 9.5
    assert.equal(out.direction[3], 1);
    assert.equal(out.value[3], 9.5);
  });
});

describe('Ichimoku (TradingView conventions)', () => {
  it('shows the leading spans displacement - 1 bars after they are computed', () => {
    const n = 12;
    const high = new Float64Array(n).map((_, i) => 10 + i);
    const low = new Float64Array(n).map((_, i) => 5 + i);
    const out = ichimoku(high, low, 2, 3, 4, 3);
    const lb = ichimokuLookback(2, 3, 4, 3);
    assert.equal(lb, 5);
    assert.ok(Number.isNaN(out.tenkan[lb - 1]!));
    // at bar i: tenkan = (high[i] + low[i-1]) / 2, kijun = (high[i] + low[i-2]) / 2
    assert.equal(out.tenkan[lb], (15 + 9) / 2);
    assert.equal(out.kijun[lb], (15 + 8) / 2);
    // spans computed at bar 3: tenkan (13 + 7)/2 = 10, kijun (13 + 6)/2 = 9.5, span B (13 + 5)/2 = 9
    assert.equal(out.senkouA[lb], (10 + 9.5) / 2);
    assert.equal(out.senkouB[lb], 9);
  });
});

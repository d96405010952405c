import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomWalk } from '../testing/series.ts';
import { assertMatches, talibRun } from '../testing/talib.ts';
import { dema } from './dema.ts';
import { ema } from './ema.ts';
import { hma, hmaLookback } from './hma.ts';
import { kama } from './kama.ts';
import { sma } from './sma.ts';
import { tema } from './tema.ts';
import { trima } from './trima.ts';
import { vwma } from './vwma.ts';
import { wma } from './wma.ts';

const s = randomWalk(10_000);
const inReal = s.close;

describe('moving averages against TA-Lib 1.1.6 on 10,000 bars', () => {
  for (const period of [2, 5, 14, 30]) {
    it(`SMA(${period}) matches`, () =>
      assertMatches(sma(inReal, period), talibRun('SMA', { inReal }, { optInTimePeriod: period }).out['outReal']!, 'SMA'));
    it(`EMA(${period}) matches`, () =>
      assertMatches(ema(inReal, period), talibRun('EMA', { inReal }, { optInTimePeriod: period }).out['outReal']!, 'EMA'));
    it(`WMA(${period}) matches`, () =>
      assertMatches(wma(inReal, period), talibRun('WMA', { inReal }, { optInTimePeriod: period }).out['outReal']!, 'WMA'));
    it(`DEMA(${period}) matches`, () =>
      assertMatches(dema(inReal, period), talibRun('DEMA', { inReal }, { optInTimePeriod: period }).out['outReal']!, 'DEMA'));
    it(`TEMA(${period}) matches`, () =>
      assertMatches(tema(inReal, period), talibRun('TEMA', { inReal }, { optInTimePeriod: period }).out['outReal']!, 'TEMA'));
    it(`TRIMA(${period}) matches`, () =>
      assertMatches(trima(inReal, period), talibRun('TRIMA', { inReal }, { optInTimePeriod: period }).out['outReal']!, 'TRIMA'));
    it(`KAMA(${period}) matches`, () =>
      assertMatches(kama(inReal, period), talibRun('KAMA', { inReal }, { optInTimePeriod: period }).out['outReal']!, 'KAMA'));
  }
});

describe('HMA (Alan Hull, https://alanhull.com/hull-moving-average)', () => {
  it('equals WMA(2*WMA(n/2) - WMA(n), sqrt(n)) computed by hand for n = 4', () => {
    const x = new Float64Array([1, 2, 3, 4, 5, 6]);
    // WMA2 of [a,b] = (a + 2b)/3; WMA4 of [a,b,c,d] = (a + 2b + 3c + 4d)/10
    const raw = (i: number) => 2 * ((x[i - 1]! + 2 * x[i]!) / 3) - (x[i - 3]! + 2 * x[i - 2]! + 3 * x[i - 1]! + 4 * x[i]!) / 10;
    const expected = (raw(3) + 2 * raw(4)) / 3;
    const out = hma(x, 4);
    assert.equal(hmaLookback(4), 4);
    assert.ok(Number.isNaN(out[3]!));
    assert.ok(Math.abs(out[4]! - expected) < 1e-12);
    // on a straight line the HMA has no lag: it reproduces the line
    assert.ok(Math.abs(out[5]! - 6) < 1e-12);
  });
});

describe('VWMA (sum(close*volume)/sum(volume))', () => {
  it('weights each close by its volume over the window', () => {
    const close = new Float64Array([10, 20, 30, 40]);
    const volume = new Float64Array([1, 1, 2, 0]);
    const out = vwma(close, volume, 3);
    assert.ok(Number.isNaN(out[1]!));
    assert.equal(out[2], (10 + 20 + 60) / 4);
    assert.equal(out[3], (20 + 60 + 0) / 3);
  });
  it('falls back to the simple average when the window has no volume', () => {
    const out = vwma(new Float64Array([1, 2]), new Float64Array([0, 0]), 2);
    assert.equal(out[1], 1.5);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AdjustmentEvent, adjustBars, adjustmentFactors, dividendFactor } from './adjust.ts';

/**
 * Apple (AAPL), August to November 2020: the 4-for-1 split with ex-date 31 August 2020 and the
 * quarterly dividends of $0.82 (ex-date 7 August, before the split) and $0.205 (ex-date 6 November),
 * as Apple announced them (press release of 30 July 2020, Form 10-K for fiscal 2020). Unadjusted
 * closes as Nasdaq's historical quotes reported them on the day: 455.61 (6 August), 444.45
 * (7 August), 499.23 (28 August, the last pre-split close), 129.04 (31 August) and 118.69
 * (5 November). Every expected figure below is worked by hand from the formula in adjust.ts.
 */
const bar = (close: number, volume = 1000) => ({ open: close, high: close, low: close, close, volume, vwap: close });
const dates = ['2020-08-06', '2020-08-07', '2020-08-28', '2020-08-31', '2020-11-05', '2020-11-06'];
const bars = [bar(455.61), bar(444.45), bar(499.23), bar(129.04), bar(118.69), bar(118.69)];
const events: AdjustmentEvent[] = [
  { kind: 'dividend', exDate: '2020-08-07', amount: 0.82, closeBefore: 455.61 },
  { kind: 'split', exDate: '2020-08-31', ratio: 4 },
  { kind: 'dividend', exDate: '2020-11-06', amount: 0.205, closeBefore: 118.69 },
];
const close = (mode: 'none' | 'split' | 'total') => adjustBars(bars, dates, events, mode).map((b) => b.close);
const near = (actual: readonly number[], expected: readonly number[]) => {
  assert.equal(actual.length, expected.length);
  for (const [i, a] of actual.entries()) assert.ok(Math.abs(a - expected[i]!) < 1e-4, `bar ${i}: ${a} vs ${expected[i]}`);
};

describe('corporate-action adjustment (Apple 2020)', () => {
  it('leaves the series alone without adjustment', () => {
    near(close('none'), [455.61, 444.45, 499.23, 129.04, 118.69, 118.69]);
  });

  it('divides the prices before the 4-for-1 split by 4 and multiplies their volumes by 4', () => {
    // 499.23 / 4 = 124.8075: the last pre-split close on the post-split scale, next to 129.04.
    near(close('split'), [113.9025, 111.1125, 124.8075, 129.04, 118.69, 118.69]);
    assert.deepEqual(
      adjustBars(bars, dates, events, 'split').map((b) => b.volume),
      [4000, 4000, 4000, 1000, 1000, 1000],
    );
  });

  it('multiplies the prices before each ex-date by 1 - D/C for total returns', () => {
    // 6 August: (455.61 - 0.82) / 4 = 113.6975, then × (1 - 0.205/118.69) = 113.501123.
    // 7 August (the ex-date itself, past the $0.82): 444.45 / 4 × (1 - 0.205/118.69) = 110.920578.
    // 28 August: 124.8075 × 0.998272812 = 124.591934; 31 August: 129.04 × 0.998272812 = 128.817124;
    // 5 November: 118.69 - 0.205 = 118.485; 6 November, the last ex-date, unadjusted.
    near(close('total'), [113.501123, 110.920578, 124.591934, 128.817124, 118.485, 118.69]);
    // Across the ex-date the adjusted return is the close over the close less the dividend:
    // 444.45 / (455.61 - 0.82) on the raw closes, whatever the later split.
    const t = close('total');
    assert.ok(Math.abs(t[1]! / t[0]! - 444.45 / (455.61 - 0.82)) < 1e-12);
  });

  it('adjusts vwap with the prices and leaves the bars it is given untouched', () => {
    const [first] = adjustBars(bars, dates, events, 'split');
    assert.equal(first?.vwap, 455.61 / 4);
    assert.equal(bars[0]?.close, 455.61);
  });

  it('leaves out a dividend it cannot apply: no close before it, or not below the close', () => {
    assert.equal(dividendFactor(0.5, undefined), 1);
    assert.equal(dividendFactor(12, 10), 1);
    assert.equal(dividendFactor(1, 100), 0.99);
    const f = adjustmentFactors(['2024-01-02'], [{ kind: 'dividend', exDate: '2024-02-01', amount: 1, closeBefore: undefined }], 'total');
    assert.equal(f.price[0], 1);
  });
});

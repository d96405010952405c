import { hlcPeriodIndicator, periodParam } from '../internal/define.ts';
import { HighLowKernel } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import type { HlcBar } from '../types.ts';

/**
 * Williams %R (TA-Lib WILLR): -100 * (highest high - close) / (highest high - lowest low) over the
 * period, 0 on a flat window. Interpretation: above -20 overbought, below -80 oversold.
 */
export function willrLookback(period: number): number {
  return period - 1;
}

function value(close: number, hh: number, ll: number): number {
  const diff = (hh - ll) / -100;
  return diff !== 0 ? (hh - close) / diff : 0;
}

export function willr(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  const n = close.length;
  const out = output(n, period - 1);
  let hi = -1;
  let lo = -1;
  let hh = 0;
  let ll = 0;
  for (let i = period - 1; i < n; i++) {
    const from = i - period + 1;
    const h = high[i]!;
    const l = low[i]!;
    if (hi < from) {
      hi = from;
      hh = high[from]!;
      for (let j = from + 1; j <= i; j++) {
        if (high[j]! >= hh) {
          hh = high[j]!;
          hi = j;
        }
      }
    } else if (h >= hh) {
      hh = h;
      hi = i;
    }
    if (lo < from) {
      lo = from;
      ll = low[from]!;
      for (let j = from + 1; j <= i; j++) {
        if (low[j]! <= ll) {
          ll = low[j]!;
          lo = j;
        }
      }
    } else if (l <= ll) {
      ll = l;
      lo = i;
    }
    out[i] = value(close[i]!, hh, ll);
  }
  return out;
}

export class WillR extends NumberStream<HlcBar> {
  private readonly hl: HighLowKernel;
  constructor(readonly period: number) {
    super();
    this.hl = new HighLowKernel(period);
  }
  // update/replace are the class's own (not the base class's through `step`), so call sites stay monomorphic
  override update(bar: HlcBar): number | null {
    this.bars++;
    const v = this.step(bar, false);
    this.last = v;
    return Number.isNaN(v) ? null : v;
  }
  override replace(bar: HlcBar): number | null {
    if (this.bars === 0) return this.update(bar);
    const v = this.step(bar, true);
    this.last = v;
    return Number.isNaN(v) ? null : v;
  }
  protected step(bar: HlcBar, revise: boolean): number {
    const hl = this.hl;
    return hl.next(bar.high, bar.low, revise) ? value(bar.close, hl.hh, hl.ll) : Number.NaN;
  }
}

export const willrIndicator = hlcPeriodIndicator({
  name: 'willr',
  title: 'Williams %R',
  description: '-100 * (highest high - close) / (highest high - lowest low).',
  group: 'momentum',
  talib: 'WILLR',
  period: periodParam(14, 1),
  lookback: willrLookback,
  batch: willr,
  stream: (p) => new WillR(p),
});

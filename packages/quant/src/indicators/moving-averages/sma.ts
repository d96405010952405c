import { closePeriodIndicator, periodParam } from '../internal/define.ts';
import { SmaKernel } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';

/** Simple moving average (TA-Lib SMA). */
export function smaLookback(period: number): number {
  return period - 1;
}

export function sma(close: Float64Array, period: number): Float64Array {
  const n = close.length;
  const out = output(n, period - 1);
  let s = 0;
  const warm = Math.min(period - 1, n);
  for (let i = 0; i < warm; i++) s += close[i]!;
  if (period - 1 < n) {
    // the first full window: add its last value, nothing leaves yet
    s += close[period - 1]!;
    out[period - 1] = s / period;
  }
  // four bars per pass: V8 checks the arrays once per pass instead of once per bar
  let i = period;
  for (; i + 3 < n; i += 4) {
    const j = i - period;
    s = s + close[i]! - close[j]!;
    out[i] = s / period;
    s = s + close[i + 1]! - close[j + 1]!;
    out[i + 1] = s / period;
    s = s + close[i + 2]! - close[j + 2]!;
    out[i + 2] = s / period;
    s = s + close[i + 3]! - close[j + 3]!;
    out[i + 3] = s / period;
  }
  for (; i < n; i++) {
    s = s + close[i]! - close[i - period]!;
    out[i] = s / period;
  }
  return out;
}

export class Sma extends NumberStream<number> {
  private readonly k: SmaKernel;
  constructor(readonly period: number) {
    super();
    this.k = new SmaKernel(period);
  }
  // update/replace are the class's own (not the base class's through `step`), so call sites stay monomorphic
  override update(x: number): number | null {
    this.bars++;
    const v = this.step(x, false);
    this.last = v;
    return Number.isNaN(v) ? null : v;
  }
  override replace(x: number): number | null {
    if (this.bars === 0) return this.update(x);
    const v = this.step(x, true);
    this.last = v;
    return Number.isNaN(v) ? null : v;
  }
  protected step(x: number, revise: boolean): number {
    return this.k.next(x, revise);
  }
}

export const smaIndicator = closePeriodIndicator({
  name: 'sma',
  title: 'Simple Moving Average',
  description: 'Arithmetic mean of the last `period` closes.',
  group: 'moving-average',
  talib: 'SMA',
  period: periodParam(20, 1),
  lookback: smaLookback,
  batch: sma,
  stream: (p) => new Sma(p),
});

import { closePeriodIndicator, periodParam } from '../internal/define.ts';
import { EmaKernel } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';

/** Exponential moving average, k = 2 / (period + 1), seeded with the SMA of the first period values (TA-Lib EMA). */
export function emaLookback(period: number): number {
  return period - 1;
}

/**
 * EMA of `x` whose seed is the SMA of x[skip .. skip+period-1]; writes from index skip+period-1.
 * Exported for the indicators built on EMAs (MACD, DEMA, TEMA, TRIX, ...).
 */
export function emaInto(x: Float64Array, period: number, k: number, skip: number, out: Float64Array): void {
  const n = x.length;
  const seedAt = skip + period - 1;
  if (seedAt >= n) return;
  let s = 0;
  for (let i = skip; i <= seedAt; i++) s += x[i]!;
  let prev = s / period;
  out[seedAt] = prev;
  // four bars per pass: V8 checks the arrays once per pass instead of once per bar
  let i = seedAt + 1;
  for (; i + 3 < n; i += 4) {
    prev = (x[i]! - prev) * k + prev;
    out[i] = prev;
    prev = (x[i + 1]! - prev) * k + prev;
    out[i + 1] = prev;
    prev = (x[i + 2]! - prev) * k + prev;
    out[i + 2] = prev;
    prev = (x[i + 3]! - prev) * k + prev;
    out[i + 3] = prev;
  }
  for (; i < n; i++) {
    prev = (x[i]! - prev) * k + prev;
    out[i] = prev;
  }
}

export function ema(close: Float64Array, period: number): Float64Array {
  const out = output(close.length, period - 1);
  emaInto(close, period, 2 / (period + 1), 0, out);
  return out;
}

export class Ema extends NumberStream<number> {
  private readonly k: EmaKernel;
  constructor(readonly period: number) {
    super();
    this.k = new EmaKernel(period);
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

export const emaIndicator = closePeriodIndicator({
  name: 'ema',
  title: 'Exponential Moving Average',
  description: 'EMA with k = 2/(period+1), seeded with the SMA of the first `period` closes.',
  group: 'moving-average',
  talib: 'EMA',
  period: periodParam(20, 1),
  lookback: emaLookback,
  batch: ema,
  stream: (p) => new Ema(p),
});

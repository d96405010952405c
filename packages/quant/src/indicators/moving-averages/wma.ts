import { closePeriodIndicator, periodParam } from '../internal/define.ts';
import { WmaKernel } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';

/** Weighted moving average, weights period..1 with the newest heaviest (TA-Lib WMA). */
export function wmaLookback(period: number): number {
  return period - 1;
}

export function wma(close: Float64Array, period: number): Float64Array {
  const n = close.length;
  const out = output(n, period - 1);
  const divider = (period * (period + 1)) / 2;
  let w = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = close[i]!;
    w = w - s + period * x;
    s += x;
    if (i >= period) s -= close[i - period]!;
    if (i >= period - 1) out[i] = w / divider;
  }
  return out;
}

export class Wma extends NumberStream<number> {
  private readonly k: WmaKernel;
  constructor(readonly period: number) {
    super();
    this.k = new WmaKernel(period);
  }
  protected step(x: number, revise: boolean): number {
    return this.k.next(x, revise);
  }
}

export const wmaIndicator = closePeriodIndicator({
  name: 'wma',
  title: 'Weighted Moving Average',
  description: 'Linearly weighted average, newest close heaviest.',
  group: 'moving-average',
  talib: 'WMA',
  period: periodParam(20),
  lookback: wmaLookback,
  batch: wma,
  stream: (p) => new Wma(p),
});

import { closePeriodIndicator, periodParam } from '../internal/define.ts';
import { SmaKernel } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';

/**
 * Triangular moving average: an SMA of an SMA, weights rising then falling (TA-Lib TRIMA).
 * Odd period p: SMA((p+1)/2) of SMA((p+1)/2); even p: SMA(p/2+1) of SMA(p/2).
 */
export function trimaLookback(period: number): number {
  return period - 1;
}

export function trima(close: Float64Array, period: number): Float64Array {
  const s = new Trima(period);
  const out = output(close.length, period - 1);
  for (let i = 0; i < close.length; i++) out[i] = s.next(close[i]!, false);
  return out;
}

export class Trima extends NumberStream<number> {
  private readonly a: SmaKernel;
  private readonly b: SmaKernel;
  constructor(readonly period: number) {
    super();
    const first = period % 2 === 1 ? (period + 1) / 2 : period / 2;
    this.a = new SmaKernel(first);
    this.b = new SmaKernel(period + 1 - first);
  }
  /** @internal batch entry point */
  next(x: number, revise: boolean): number {
    return this.step(x, revise);
  }
  protected step(x: number, revise: boolean): number {
    const a = this.a.next(x, revise);
    return !Number.isNaN(a) ? this.b.next(a, revise) : a;
  }
}

export const trimaIndicator = closePeriodIndicator({
  name: 'trima',
  title: 'Triangular Moving Average',
  description: 'SMA of an SMA: weights rise then fall across the window.',
  group: 'moving-average',
  talib: 'TRIMA',
  period: periodParam(20),
  lookback: trimaLookback,
  batch: trima,
  stream: (p) => new Trima(p),
});

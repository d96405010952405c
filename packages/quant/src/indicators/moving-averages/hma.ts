import { closePeriodIndicator, periodParam } from '../internal/define.ts';
import { WmaKernel } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';

/**
 * Hull moving average (Alan Hull, 2005, https://alanhull.com/hull-moving-average):
 * WMA(2 * WMA(close, floor(n/2)) - WMA(close, n), floor(sqrt(n))). Not in TA-Lib.
 */
export function hmaLookback(period: number): number {
  return period - 1 + Math.floor(Math.sqrt(period)) - 1;
}

export function hma(close: Float64Array, period: number): Float64Array {
  const s = new Hma(period);
  const out = output(close.length, hmaLookback(period));
  for (let i = 0; i < close.length; i++) out[i] = s.next(close[i]!, false);
  return out;
}

export class Hma extends NumberStream<number> {
  private readonly half: WmaKernel;
  private readonly full: WmaKernel;
  private readonly smooth: WmaKernel;
  constructor(readonly period: number) {
    super();
    this.half = new WmaKernel(Math.max(1, Math.floor(period / 2)));
    this.full = new WmaKernel(period);
    this.smooth = new WmaKernel(Math.max(1, Math.floor(Math.sqrt(period))));
  }
  /** @internal batch entry point */
  next(x: number, revise: boolean): number {
    return this.step(x, revise);
  }
  protected step(x: number, revise: boolean): number {
    const h = this.half.next(x, revise);
    const f = this.full.next(x, revise);
    return !Number.isNaN(f) ? this.smooth.next(2 * h - f, revise) : f;
  }
}

export const hmaIndicator = closePeriodIndicator({
  name: 'hma',
  title: 'Hull Moving Average',
  description: 'WMA(2*WMA(n/2) - WMA(n), sqrt(n)): smooth with little lag.',
  group: 'moving-average',
  talib: null,
  period: periodParam(20),
  lookback: hmaLookback,
  batch: hma,
  stream: (p) => new Hma(p),
});

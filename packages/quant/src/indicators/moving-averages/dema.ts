import { closePeriodIndicator, periodParam } from '../internal/define.ts';
import { EmaKernel } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';

/** Double EMA, 2*EMA - EMA(EMA) (Mulloy 1994; TA-Lib DEMA). */
export function demaLookback(period: number): number {
  return 2 * (period - 1);
}

export function dema(close: Float64Array, period: number): Float64Array {
  const s = new Dema(period);
  const out = output(close.length, demaLookback(period));
  for (let i = 0; i < close.length; i++) out[i] = s.next(close[i]!, false);
  return out;
}

export class Dema extends NumberStream<number> {
  private readonly e1: EmaKernel;
  private readonly e2: EmaKernel;
  constructor(readonly period: number) {
    super();
    this.e1 = new EmaKernel(period);
    this.e2 = new EmaKernel(period);
  }
  /** @internal batch entry point */
  next(x: number, revise: boolean): number {
    return this.step(x, revise);
  }
  protected step(x: number, revise: boolean): number {
    const a = this.e1.next(x, revise);
    if (Number.isNaN(a)) return a;
    const b = this.e2.next(a, revise);
    return !Number.isNaN(b) ? 2 * a - b : b;
  }
}

export const demaIndicator = closePeriodIndicator({
  name: 'dema',
  title: 'Double Exponential Moving Average',
  description: '2*EMA - EMA(EMA): less lag than an EMA.',
  group: 'moving-average',
  talib: 'DEMA',
  period: periodParam(20),
  lookback: demaLookback,
  batch: dema,
  stream: (p) => new Dema(p),
});

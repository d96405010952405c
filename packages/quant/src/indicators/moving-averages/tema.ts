import { closePeriodIndicator, periodParam } from '../internal/define.ts';
import { EmaKernel } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';

/** Triple EMA, 3*EMA - 3*EMA(EMA) + EMA(EMA(EMA)) (Mulloy 1994; TA-Lib TEMA). */
export function temaLookback(period: number): number {
  return 3 * (period - 1);
}

export function tema(close: Float64Array, period: number): Float64Array {
  const s = new Tema(period);
  const out = output(close.length, temaLookback(period));
  for (let i = 0; i < close.length; i++) out[i] = s.next(close[i]!, false);
  return out;
}

export class Tema extends NumberStream<number> {
  private readonly e1: EmaKernel;
  private readonly e2: EmaKernel;
  private readonly e3: EmaKernel;
  constructor(readonly period: number) {
    super();
    this.e1 = new EmaKernel(period);
    this.e2 = new EmaKernel(period);
    this.e3 = new EmaKernel(period);
  }
  /** @internal batch entry point */
  next(x: number, revise: boolean): number {
    return this.step(x, revise);
  }
  protected step(x: number, revise: boolean): number {
    const a = this.e1.next(x, revise);
    if (Number.isNaN(a)) return a;
    const b = this.e2.next(a, revise);
    if (Number.isNaN(b)) return b;
    const c = this.e3.next(b, revise);
    return !Number.isNaN(c) ? 3 * a - 3 * b + c : c;
  }
}

export const temaIndicator = closePeriodIndicator({
  name: 'tema',
  title: 'Triple Exponential Moving Average',
  description: '3*EMA - 3*EMA(EMA) + EMA(EMA(EMA)).',
  group: 'moving-average',
  talib: 'TEMA',
  period: periodParam(20),
  lookback: temaLookback,
  batch: tema,
  stream: (p) => new Tema(p),
});

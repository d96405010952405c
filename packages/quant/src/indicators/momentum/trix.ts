import { closePeriodIndicator, periodParam } from '../internal/define.ts';
import { EmaKernel } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import { rocValue } from './change.ts';

/** TRIX (Hutson 1983; TA-Lib TRIX): one-bar rate of change, in percent, of a triple-smoothed EMA. */
export function trixLookback(period: number): number {
  return 3 * (period - 1) + 1;
}

export function trix(close: Float64Array, period: number): Float64Array {
  const s = new Trix(period);
  const out = output(close.length, trixLookback(period));
  for (let i = 0; i < close.length; i++) out[i] = s.next(close[i]!, false);
  return out;
}

export class Trix extends NumberStream<number> {
  private readonly e1: EmaKernel;
  private readonly e2: EmaKernel;
  private readonly e3: EmaKernel;
  private prev = Number.NaN;
  private sPrev = Number.NaN;
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
    if (revise) this.prev = this.sPrev;
    else this.sPrev = this.prev;
    const a = this.e1.next(x, revise);
    if (Number.isNaN(a)) return a;
    const b = this.e2.next(a, revise);
    if (Number.isNaN(b)) return b;
    const c = this.e3.next(b, revise);
    if (Number.isNaN(c)) return c;
    const prev = this.prev;
    this.prev = c;
    return !Number.isNaN(prev) ? rocValue(c, prev) : Number.NaN;
  }
}

export const trixIndicator = closePeriodIndicator({
  name: 'trix',
  title: 'TRIX',
  description: 'One-bar rate of change (percent) of a triple EMA.',
  group: 'momentum',
  talib: 'TRIX',
  period: periodParam(30, 1),
  lookback: trixLookback,
  batch: trix,
  stream: (p) => new Trix(p),
});

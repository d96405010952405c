import { asValue, barOf, col, defineIndicator, HLC, int, MAX_PERIOD, single } from '../internal/define.ts';
import { SumKernel } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import type { HlcBar } from '../types.ts';
import { isZero } from './wilder.ts';

/**
 * Ultimate oscillator (Larry Williams 1976; TA-Lib ULTOSC): buying pressure over true range on three
 * horizons, weighted 4:2:1 from the shortest. The periods are sorted as TA-Lib does.
 */
export function ultoscLookback(period1: number, period2: number, period3: number): number {
  return Math.max(period1, period2, period3);
}

export function ultosc(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period1: number,
  period2: number,
  period3: number,
): Float64Array {
  const s = new UltOsc(period1, period2, period3);
  const out = output(close.length, ultoscLookback(period1, period2, period3));
  for (let i = 0; i < close.length; i++) out[i] = s.next(high[i]!, low[i]!, close[i]!, false);
  return out;
}

export class UltOsc extends NumberStream<HlcBar> {
  private readonly bp: SumKernel[];
  private readonly tr: SumKernel[];
  private n = 0;
  private prevClose = 0;
  private sPrevClose = 0;
  constructor(period1: number, period2: number, period3: number) {
    super();
    const periods = [period1, period2, period3].sort((a, b) => a - b);
    this.bp = periods.map((p) => new SumKernel(p));
    this.tr = periods.map((p) => new SumKernel(p));
  }
  /** @internal batch entry point */
  next(high: number, low: number, close: number, revise: boolean): number {
    if (revise) this.prevClose = this.sPrevClose;
    else {
      this.sPrevClose = this.prevClose;
      this.n++;
    }
    const pc = this.prevClose;
    this.prevClose = close;
    if (this.n === 1) return Number.NaN;
    const trueLow = Math.min(low, pc);
    const bp = close - trueLow;
    const tr = Math.max(high, pc) - trueLow;
    const a1 = this.bp[0]!.next(bp, revise);
    const b1 = this.tr[0]!.next(tr, revise);
    const a2 = this.bp[1]!.next(bp, revise);
    const b2 = this.tr[1]!.next(tr, revise);
    const a3 = this.bp[2]!.next(bp, revise);
    const b3 = this.tr[2]!.next(tr, revise);
    if (Number.isNaN(b3)) return b3;
    let v = 0;
    if (!isZero(b1)) v += 4 * (a1 / b1);
    if (!isZero(b2)) v += 2 * (a2 / b2);
    if (!isZero(b3)) v += a3 / b3;
    return 100 * (v / 7);
  }
  protected step(bar: HlcBar, revise: boolean): number {
    return this.next(bar.high, bar.low, bar.close, revise);
  }
}

export const ultoscIndicator = defineIndicator({
  name: 'ultosc',
  title: 'Ultimate Oscillator',
  description: 'Buying pressure / true range over three horizons, weighted 4:2:1.',
  group: 'momentum',
  inputs: HLC,
  params: [
    int('period1', 7, 1, MAX_PERIOD, 'Shortest horizon'),
    int('period2', 14, 1, MAX_PERIOD, 'Middle horizon'),
    int('period3', 28, 1, MAX_PERIOD, 'Longest horizon'),
  ],
  outputs: ['value'],
  talib: 'ULTOSC',
  lookback: (p) => ultoscLookback(p.period1, p.period2, p.period3),
  batch: (i, p) => asValue(ultosc(col.high(i), col.low(i), col.close(i), p.period1, p.period2, p.period3)),
  stream: (p) => single(new UltOsc(p.period1, p.period2, p.period3), barOf),
});

import { asValue, barOf, col, defineIndicator, HLCV, periodParam, single } from '../internal/define.ts';
import { SumKernel } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import type { HlcvBar } from '../types.ts';

/**
 * Money flow index (Quong & Soudack; TA-Lib MFI): a volume-weighted RSI of the typical price,
 * 100 * positive flow / (positive + negative flow) over the period; 0 when total flow is below 1 (TA-Lib).
 */
export function mfiLookback(period: number): number {
  return period;
}

export function mfi(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, period: number): Float64Array {
  const s = new Mfi(period);
  const out = output(close.length, period);
  for (let i = 0; i < close.length; i++) out[i] = s.next(high[i]!, low[i]!, close[i]!, volume[i]!, false);
  return out;
}

export class Mfi extends NumberStream<HlcvBar> {
  private readonly pos: SumKernel;
  private readonly neg: SumKernel;
  private n = 0;
  private prevTp = 0;
  private sPrevTp = 0;
  constructor(readonly period: number) {
    super();
    this.pos = new SumKernel(period);
    this.neg = new SumKernel(period);
  }
  /** @internal batch entry point */
  next(high: number, low: number, close: number, volume: number, revise: boolean): number {
    if (revise) this.prevTp = this.sPrevTp;
    else {
      this.sPrevTp = this.prevTp;
      this.n++;
    }
    const tp = (high + low + close) / 3;
    const prev = this.prevTp;
    this.prevTp = tp;
    if (this.n === 1) return Number.NaN;
    const flow = tp * volume;
    const p = this.pos.next(tp > prev ? flow : 0, revise);
    const m = this.neg.next(tp < prev ? flow : 0, revise);
    if (Number.isNaN(p)) return p;
    const t = p + m;
    return t < 1 ? 0 : 100 * (p / t);
  }
  protected step(bar: HlcvBar, revise: boolean): number {
    return this.next(bar.high, bar.low, bar.close, bar.volume, revise);
  }
}

export const mfiIndicator = defineIndicator({
  name: 'mfi',
  title: 'Money Flow Index',
  description: 'Volume-weighted RSI of the typical price.',
  group: 'momentum',
  inputs: HLCV,
  params: [periodParam(14)],
  outputs: ['value'],
  talib: 'MFI',
  lookback: (p) => mfiLookback(p.period),
  batch: (i, p) => asValue(mfi(col.high(i), col.low(i), col.close(i), col.volume(i), p.period)),
  stream: (p) => single(new Mfi(p.period), barOf),
});

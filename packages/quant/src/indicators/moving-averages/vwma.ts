import { asValue, barOf, col, defineIndicator, periodParam, single } from '../internal/define.ts';
import { SumKernel } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import type { OhlcvBar } from '../types.ts';

/**
 * Volume-weighted moving average: sum(close * volume) / sum(volume) over the window
 * (e.g. https://www.tradingview.com/support/solutions/43000592293/). A window without volume has no
 * weights, so it falls back to equal weights (the SMA). Not in TA-Lib.
 */
export function vwmaLookback(period: number): number {
  return period - 1;
}

export function vwma(close: Float64Array, volume: Float64Array, period: number): Float64Array {
  const s = new Vwma(period);
  const out = output(close.length, period - 1);
  for (let i = 0; i < close.length; i++) out[i] = s.next(close[i]!, volume[i]!, false);
  return out;
}

export class Vwma extends NumberStream<Pick<OhlcvBar, 'close' | 'volume'>> {
  private readonly pv: SumKernel;
  private readonly v: SumKernel;
  private readonly c: SumKernel;
  constructor(readonly period: number) {
    super();
    this.pv = new SumKernel(period);
    this.v = new SumKernel(period);
    this.c = new SumKernel(period);
  }
  /** @internal batch entry point */
  next(close: number, volume: number, revise: boolean): number {
    const pv = this.pv.next(close * volume, revise);
    const v = this.v.next(volume, revise);
    const c = this.c.next(close, revise);
    return v > 0 ? pv / v : c / this.period;
  }
  protected step(bar: Pick<OhlcvBar, 'close' | 'volume'>, revise: boolean): number {
    return this.next(bar.close, bar.volume, revise);
  }
}

export const vwmaIndicator = defineIndicator({
  name: 'vwma',
  title: 'Volume-Weighted Moving Average',
  description: 'sum(close*volume)/sum(volume) over the window; the SMA when the window has no volume.',
  group: 'moving-average',
  inputs: ['close', 'volume'],
  params: [periodParam(20, 1)],
  outputs: ['value'],
  talib: null,
  lookback: (p) => vwmaLookback(p.period),
  batch: (i, p) => asValue(vwma(col.close(i), col.volume(i), p.period)),
  stream: (p) => single(new Vwma(p.period), barOf),
});

import { barOf, col, defineIndicator, HL, multi, periodParam } from '../internal/define.ts';
import { MaxKernel, MinKernel } from '../internal/kernels.ts';
import { ObjectStream } from '../internal/stream.ts';
import { output, rollingMax, rollingMin } from '../internal/util.ts';
import type { HlBar } from '../types.ts';
import type { BandsOutput, BbandsValue } from './bbands.ts';

/**
 * Donchian Channels (Richard Donchian; https://chartschool.stockcharts.com/table-of-contents/technical-indicators-and-overlays/technical-overlays/price-channels):
 * upper = highest high and lower = lowest low over the period including the current bar, middle = their mean. Not in TA-Lib.
 */
export function donchianLookback(period: number): number {
  return period - 1;
}

export function donchian(high: Float64Array, low: Float64Array, period: number): BandsOutput {
  const n = high.length;
  const upper = rollingMax(high, period);
  const lower = rollingMin(low, period);
  const middle = output(n, period - 1);
  for (let i = period - 1; i < n; i++) middle[i] = (upper[i]! + lower[i]!) / 2;
  return { upper, middle, lower };
}

export class Donchian extends ObjectStream<HlBar, BbandsValue> {
  private readonly hh: MaxKernel;
  private readonly ll: MinKernel;
  constructor(readonly period: number) {
    super();
    this.hh = new MaxKernel(period);
    this.ll = new MinKernel(period);
  }
  protected step(bar: HlBar, revise: boolean): BbandsValue | null {
    const upper = this.hh.next(bar.high, revise);
    const lower = this.ll.next(bar.low, revise);
    return Number.isNaN(upper) ? null : { upper, middle: (upper + lower) / 2, lower };
  }
}

export const donchianIndicator = defineIndicator({
  name: 'donchian',
  title: 'Donchian Channels',
  description: 'Highest high, lowest low and their midpoint over the period.',
  group: 'volatility',
  inputs: HL,
  params: [periodParam(20, 1)],
  outputs: ['upper', 'middle', 'lower'],
  talib: null,
  lookback: (p) => donchianLookback(p.period),
  batch: (i, p) => donchian(col.high(i), col.low(i), p.period),
  stream: (p) => multi(new Donchian(p.period), barOf),
});

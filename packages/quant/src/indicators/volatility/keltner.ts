import { barOf, col, defineIndicator, HLC, int, MAX_PERIOD, multi, periodParam, real } from '../internal/define.ts';
import { EmaKernel } from '../internal/kernels.ts';
import { ObjectStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import type { HlcBar } from '../types.ts';
import { AtrKernel } from './atr.ts';
import type { BandsOutput, BbandsValue } from './bbands.ts';

/**
 * Keltner Channels as StockCharts defines them (https://chartschool.stockcharts.com/table-of-contents/technical-indicators-and-overlays/technical-overlays/keltner-channels):
 * middle = EMA(close, period), upper/lower = middle +/- multiplier * ATR(atrPeriod). The EMA is
 * seeded with an SMA and the ATR is Wilder's (TA-Lib's EMA and ATR). Not in TA-Lib.
 */
export function keltnerLookback(period: number, atrPeriod: number): number {
  return Math.max(period - 1, atrPeriod);
}

export function keltner(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  multiplier: number,
  atrPeriod: number,
): BandsOutput {
  const s = new Keltner(period, multiplier, atrPeriod);
  const n = close.length;
  const lb = keltnerLookback(period, atrPeriod);
  const upper = output(n, lb);
  const middle = output(n, lb);
  const lower = output(n, lb);
  for (let i = 0; i < n; i++) {
    const v = s.next(high[i]!, low[i]!, close[i]!, false);
    if (v) {
      upper[i] = v.upper;
      middle[i] = v.middle;
      lower[i] = v.lower;
    }
  }
  return { upper, middle, lower };
}

export class Keltner extends ObjectStream<HlcBar, BbandsValue> {
  private readonly ema: EmaKernel;
  private readonly atr: AtrKernel;
  constructor(
    period: number,
    readonly multiplier: number,
    atrPeriod: number,
  ) {
    super();
    this.ema = new EmaKernel(period);
    this.atr = new AtrKernel(atrPeriod);
  }
  /** @internal batch entry point */
  next(high: number, low: number, close: number, revise: boolean): BbandsValue | null {
    const m = this.ema.next(close, revise);
    const a = this.atr.next(high, low, close, revise);
    if (Number.isNaN(m) || Number.isNaN(a)) return null;
    const d = this.multiplier * a;
    return { upper: m + d, middle: m, lower: m - d };
  }
  protected step(bar: HlcBar, revise: boolean): BbandsValue | null {
    return this.next(bar.high, bar.low, bar.close, revise);
  }
}

export const keltnerIndicator = defineIndicator({
  name: 'keltner',
  title: 'Keltner Channels',
  description: 'EMA(period) +/- multiplier * ATR(atrPeriod).',
  group: 'volatility',
  inputs: HLC,
  params: [periodParam(20), real('multiplier', 2, 0.01, 100, 'ATR multiple'), int('atrPeriod', 10, 1, MAX_PERIOD, 'ATR period')],
  outputs: ['upper', 'middle', 'lower'],
  talib: null,
  lookback: (p) => keltnerLookback(p.period, p.atrPeriod),
  batch: (i, p) => keltner(col.high(i), col.low(i), col.close(i), p.period, p.multiplier, p.atrPeriod),
  stream: (p) => multi(new Keltner(p.period, p.multiplier, p.atrPeriod), barOf),
});

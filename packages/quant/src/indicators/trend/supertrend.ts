import { barOf, col, defineIndicator, HLC, multi, periodParam, real } from '../internal/define.ts';
import { ObjectStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import type { HlcBar } from '../types.ts';
import { AtrKernel } from '../volatility/atr.ts';

export interface SuperTrendValue {
  /** The stop line: the lower band in an uptrend, the upper band in a downtrend. */
  readonly value: number;
  /** 1 in an uptrend, -1 in a downtrend. */
  readonly direction: number;
}

export interface SuperTrendOutput {
  readonly value: Float64Array;
  readonly direction: Float64Array;
}

/**
 * SuperTrend (Olivier Seban), as TradingView's `ta.supertrend` computes it
 * (https://www.tradingview.com/pine-script-reference/v5/#fun_ta.supertrend): bands at
 * (high + low) / 2 +/- multiplier * ATR(period) that only tighten while price stays inside, and a
 * trend that flips when the close crosses the active band. Starts in a downtrend like TradingView.
 * ATR is Wilder's (TA-Lib ATR). Not in TA-Lib.
 */
export function supertrendLookback(period: number): number {
  return period;
}

export function supertrend(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  multiplier: number,
): SuperTrendOutput {
  const s = new SuperTrend(period, multiplier);
  const n = close.length;
  const value = output(n, period);
  const direction = output(n, period);
  for (let i = 0; i < n; i++) {
    const v = s.next(high[i]!, low[i]!, close[i]!, false);
    if (v) {
      value[i] = v.value;
      direction[i] = v.direction;
    }
  }
  return { value, direction };
}

export class SuperTrend extends ObjectStream<HlcBar, SuperTrendValue> {
  private readonly atr: AtrKernel;
  private upper = Number.NaN;
  private lower = Number.NaN;
  private dir = 0;
  private prevClose = Number.NaN;
  private readonly saved = new Float64Array(4);
  constructor(
    period: number,
    readonly multiplier: number,
  ) {
    super();
    this.atr = new AtrKernel(period);
  }
  /** @internal batch entry point */
  next(high: number, low: number, close: number, revise: boolean): SuperTrendValue | null {
    const sv = this.saved;
    if (revise) {
      this.upper = sv[0]!;
      this.lower = sv[1]!;
      this.dir = sv[2]!;
      this.prevClose = sv[3]!;
    } else {
      sv[0] = this.upper;
      sv[1] = this.lower;
      sv[2] = this.dir;
      sv[3] = this.prevClose;
    }
    const pc = this.prevClose;
    this.prevClose = close;
    const a = this.atr.next(high, low, close, revise);
    if (Number.isNaN(a)) return null;
    const mid = (high + low) / 2;
    let upper = mid + this.multiplier * a;
    let lower = mid - this.multiplier * a;
    if (this.dir === 0) {
      this.dir = -1;
    } else {
      if (!(lower > this.lower || pc < this.lower)) lower = this.lower;
      if (!(upper < this.upper || pc > this.upper)) upper = this.upper;
      if (this.dir === -1) this.dir = close > upper ? 1 : -1;
      else this.dir = close < lower ? -1 : 1;
    }
    this.upper = upper;
    this.lower = lower;
    return { value: this.dir === 1 ? lower : upper, direction: this.dir };
  }
  protected step(bar: HlcBar, revise: boolean): SuperTrendValue | null {
    return this.next(bar.high, bar.low, bar.close, revise);
  }
}

export const supertrendIndicator = defineIndicator({
  name: 'supertrend',
  title: 'SuperTrend',
  description: 'ATR bands around (high+low)/2 that trail the trend; direction 1 up, -1 down.',
  group: 'trend',
  inputs: HLC,
  params: [periodParam(10, 1), real('multiplier', 3, 0.01, 100, 'ATR multiple')],
  outputs: ['value', 'direction'],
  talib: null,
  lookback: (p) => supertrendLookback(p.period),
  batch: (i, p) => supertrend(col.high(i), col.low(i), col.close(i), p.period, p.multiplier),
  stream: (p) => multi(new SuperTrend(p.period, p.multiplier), barOf),
});

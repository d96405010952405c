import { closePeriodIndicator, periodParam } from '../internal/define.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import { isZero, WilderGainLoss } from './wilder.ts';

/**
 * Relative strength index (Wilder 1978; TA-Lib RSI): 100 * avgGain / (avgGain + avgLoss) with
 * Wilder smoothing. 0 when the series has not moved over the warm-up. Interpretation: above 70
 * overbought, below 30 oversold.
 */
export function rsiLookback(period: number): number {
  return period;
}

export function rsi(close: Float64Array, period: number): Float64Array {
  const n = close.length;
  const out = output(n, period);
  if (n <= period) return out;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = close[i]! - close[i - 1]!;
    if (d < 0) loss -= d;
    else gain += d;
  }
  loss /= period;
  gain /= period;
  let t = gain + loss;
  out[period] = isZero(t) ? 0 : 100 * (gain / t);
  const m = period - 1;
  for (let i = period + 1; i < n; i++) {
    const d = close[i]! - close[i - 1]!;
    loss *= m;
    gain *= m;
    if (d < 0) loss -= d;
    else gain += d;
    loss /= period;
    gain /= period;
    t = gain + loss;
    out[i] = isZero(t) ? 0 : 100 * (gain / t);
  }
  return out;
}

export class Rsi extends NumberStream<number> {
  private readonly w: WilderGainLoss;
  constructor(readonly period: number) {
    super();
    this.w = new WilderGainLoss(period);
  }
  // update/replace are the class's own (not the base class's through `step`), so call sites stay monomorphic
  override update(x: number): number | null {
    this.bars++;
    const v = this.step(x, false);
    this.last = v;
    return Number.isNaN(v) ? null : v;
  }
  override replace(x: number): number | null {
    if (this.bars === 0) return this.update(x);
    const v = this.step(x, true);
    this.last = v;
    return Number.isNaN(v) ? null : v;
  }
  protected step(x: number, revise: boolean): number {
    const w = this.w;
    if (!w.next(x, revise)) return Number.NaN;
    const t = w.gain + w.loss;
    return isZero(t) ? 0 : 100 * (w.gain / t);
  }
}

export const rsiIndicator = closePeriodIndicator({
  name: 'rsi',
  title: 'Relative Strength Index',
  description: "Wilder's RSI: 100 * average gain / (average gain + average loss).",
  group: 'momentum',
  talib: 'RSI',
  period: periodParam(14),
  lookback: rsiLookback,
  batch: rsi,
  stream: (p) => new Rsi(p),
});

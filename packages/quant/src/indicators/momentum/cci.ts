import { hlcPeriodIndicator, periodParam } from '../internal/define.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import type { HlcBar } from '../types.ts';

/**
 * Commodity channel index (Lambert 1980; TA-Lib CCI): (TP - SMA(TP)) / (0.015 * mean absolute
 * deviation of TP), TP = (high + low + close) / 3; 0 when either part is 0.
 */
export function cciLookback(period: number): number {
  return period - 1;
}

function value(t: number, mean: number, dev: number, period: number): number {
  const d = t - mean;
  return d !== 0 && dev !== 0 ? d / (0.015 * (dev / period)) : 0;
}

export function cci(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  const n = close.length;
  const p = period;
  const out = output(n, p - 1);
  if (n < p) return out;
  const tp = new Float64Array(n);
  for (let i = 0; i < n; i++) tp[i] = (high[i]! + low[i]! + close[i]!) / 3;
  // Each bar's window is summed afresh, oldest to newest, as TA-Lib does (a running sum drifts enough
  // to move the small deviations). Those sums are chains of dependent additions, so four bars are
  // summed side by side: four independent chains keep the FPU busy, and each bar still adds its
  // values in the same order, so every result is bit for bit what one bar at a time gives.
  let i = p - 1;
  for (; i + 3 < n; i += 4) {
    const from = i - p + 1;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = from; j <= i; j++) {
      s0 += tp[j]!;
      s1 += tp[j + 1]!;
      s2 += tp[j + 2]!;
      s3 += tp[j + 3]!;
    }
    const m0 = s0 / p;
    const m1 = s1 / p;
    const m2 = s2 / p;
    const m3 = s3 / p;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let j = from; j <= i; j++) {
      d0 += Math.abs(tp[j]! - m0);
      d1 += Math.abs(tp[j + 1]! - m1);
      d2 += Math.abs(tp[j + 2]! - m2);
      d3 += Math.abs(tp[j + 3]! - m3);
    }
    out[i] = value(tp[i]!, m0, d0, p);
    out[i + 1] = value(tp[i + 1]!, m1, d1, p);
    out[i + 2] = value(tp[i + 2]!, m2, d2, p);
    out[i + 3] = value(tp[i + 3]!, m3, d3, p);
  }
  for (; i < n; i++) {
    let s = 0;
    for (let j = i - p + 1; j <= i; j++) s += tp[j]!;
    const mean = s / p;
    let dev = 0;
    for (let j = i - p + 1; j <= i; j++) dev += Math.abs(tp[j]! - mean);
    out[i] = value(tp[i]!, mean, dev, p);
  }
  return out;
}

export class Cci extends NumberStream<HlcBar> {
  /** The window twice over (slot k and k + period hold the same value), so it is always contiguous. */
  private readonly buf: Float64Array;
  /** Slot of the newest value. */
  private slot = -1;
  constructor(readonly period: number) {
    super();
    this.buf = new Float64Array(2 * period);
  }
  // update/replace are the class's own (not the base class's through `step`), so call sites stay monomorphic
  override update(x: HlcBar): number | null {
    this.bars++;
    const v = this.step(x, false);
    this.last = v;
    return Number.isNaN(v) ? null : v;
  }
  override replace(x: HlcBar): number | null {
    if (this.bars === 0) return this.update(x);
    const v = this.step(x, true);
    this.last = v;
    return Number.isNaN(v) ? null : v;
  }
  protected step(bar: HlcBar, revise: boolean): number {
    const t = (bar.high + bar.low + bar.close) / 3;
    const p = this.period;
    if (!revise) this.slot = this.slot + 1 === p ? 0 : this.slot + 1;
    const k = this.slot;
    const b = this.buf;
    b[k] = t;
    b[k + p] = t;
    if (this.bars < p) return Number.NaN;
    // oldest (slot k + 1) to newest (slot k + p), the batch loop's order
    const from = k + 1;
    const to = k + p;
    let s = 0;
    for (let j = from; j <= to; j++) s += b[j]!;
    const mean = s / p;
    let dev = 0;
    for (let j = from; j <= to; j++) dev += Math.abs(b[j]! - mean);
    return value(t, mean, dev, p);
  }
}

export const cciIndicator = hlcPeriodIndicator({
  name: 'cci',
  title: 'Commodity Channel Index',
  description: '(TP - SMA(TP)) / (0.015 * mean deviation), TP = (H+L+C)/3.',
  group: 'momentum',
  talib: 'CCI',
  period: periodParam(20),
  lookback: cciLookback,
  batch: cci,
  stream: (p) => new Cci(p),
});

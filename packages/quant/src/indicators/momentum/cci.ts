import { Ring } from '../internal/kernels.ts';
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

export function cci(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  const n = close.length;
  const out = output(n, period - 1);
  const tp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = (high[i]! + low[i]! + close[i]!) / 3;
    tp[i] = t;
    if (i < period - 1) continue;
    // summed afresh, as TA-Lib does: a running sum drifts enough to move the small deviations
    let s = 0;
    for (let j = i - period + 1; j <= i; j++) s += tp[j]!;
    const mean = s / period;
    let dev = 0;
    for (let j = i - period + 1; j <= i; j++) dev += Math.abs(tp[j]! - mean);
    const d = t - mean;
    out[i] = d !== 0 && dev !== 0 ? d / (0.015 * (dev / period)) : 0;
  }
  return out;
}

export class Cci extends NumberStream<HlcBar> {
  private readonly ring: Ring;
  constructor(readonly period: number) {
    super();
    this.ring = new Ring(period);
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
    const r = this.ring;
    r.push(t, revise);
    const p = this.period;
    if (r.count < p) return Number.NaN;
    // oldest to newest, the batch loop's order
    const b = r.buf;
    let s = 0;
    for (let j = r.head; j < p; j++) s += b[j]!;
    for (let j = 0; j < r.head; j++) s += b[j]!;
    const mean = s / p;
    let dev = 0;
    for (let j = r.head; j < p; j++) dev += Math.abs(b[j]! - mean);
    for (let j = 0; j < r.head; j++) dev += Math.abs(b[j]! - mean);
    const d = t - mean;
    return d !== 0 && dev !== 0 ? d / (0.015 * (dev / p)) : 0;
  }
}

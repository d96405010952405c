import { MaxKernel, MinKernel, SmaKernel } from '../internal/kernels.ts';
import { ObjectStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import type { HlcBar } from '../types.ts';

export interface StochValue {
  readonly k: number;
  readonly d: number;
}

export interface StochOutput {
  readonly k: Float64Array;
  readonly d: Float64Array;
}

/** Raw %K as TA-Lib computes it: 100 * (close - lowest) / (highest - lowest), 0 on a flat window. */
export function rawK(close: number, hh: number, ll: number): number {
  const diff = (hh - ll) / 100;
  return diff !== 0 ? (close - ll) / diff : 0;
}

/**
 * Slow stochastic oscillator (Lane; TA-Lib STOCH with SMA smoothing): %K = SMA(raw %K, kSmoothing),
 * %D = SMA(%K, dPeriod). Interpretation: above 80 overbought, below 20 oversold.
 */
export function stochLookback(kPeriod: number, kSmoothing: number, dPeriod: number): number {
  return kPeriod - 1 + kSmoothing - 1 + dPeriod - 1;
}

export function stoch(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  kPeriod: number,
  kSmoothing: number,
  dPeriod: number,
): StochOutput {
  const n = close.length;
  const lb = stochLookback(kPeriod, kSmoothing, dPeriod);
  const outK = output(n, lb);
  const outD = output(n, lb);
  if (n <= lb) return { k: outK, d: outD };
  const raw = fastKSeries(high, low, close, kPeriod);
  const kLb = kPeriod - 1;
  // %K: SMA of raw %K, written from kLb + kSmoothing - 1
  const slowK = new Float64Array(n);
  let s = 0;
  for (let i = kLb; i < n; i++) {
    s += raw[i]!;
    if (i - kLb >= kSmoothing) s -= raw[i - kSmoothing]!;
    slowK[i] = s / kSmoothing;
  }
  const dStart = kLb + kSmoothing - 1;
  let t = 0;
  for (let i = dStart; i < n; i++) {
    t += slowK[i]!;
    if (i - dStart >= dPeriod) t -= slowK[i - dPeriod]!;
    if (i >= lb) {
      outK[i] = slowK[i]!;
      outD[i] = t / dPeriod;
    }
  }
  return { k: outK, d: outD };
}

/** Raw %K from index period-1 on (earlier entries are left 0). Tracks the extremes' positions, rescanning only when one leaves the window. */
export function fastKSeries(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  const n = close.length;
  const raw = new Float64Array(n);
  let hi = -1;
  let lo = -1;
  let hh = 0;
  let ll = 0;
  for (let i = period - 1; i < n; i++) {
    const from = i - period + 1;
    const h = high[i]!;
    const l = low[i]!;
    if (hi < from) {
      hi = from;
      hh = high[from]!;
      for (let j = from + 1; j <= i; j++) {
        if (high[j]! >= hh) {
          hh = high[j]!;
          hi = j;
        }
      }
    } else if (h >= hh) {
      hh = h;
      hi = i;
    }
    if (lo < from) {
      lo = from;
      ll = low[from]!;
      for (let j = from + 1; j <= i; j++) {
        if (low[j]! <= ll) {
          ll = low[j]!;
          lo = j;
        }
      }
    } else if (l <= ll) {
      ll = l;
      lo = i;
    }
    const diff = (hh - ll) / 100;
    raw[i] = diff !== 0 ? (close[i]! - ll) / diff : 0;
  }
  return raw;
}

export class Stoch extends ObjectStream<HlcBar, StochValue> {
  private readonly hh: MaxKernel;
  private readonly ll: MinKernel;
  private readonly k: SmaKernel;
  private readonly d: SmaKernel;
  constructor(kPeriod: number, kSmoothing: number, dPeriod: number) {
    super();
    this.hh = new MaxKernel(kPeriod);
    this.ll = new MinKernel(kPeriod);
    this.k = new SmaKernel(kSmoothing);
    this.d = new SmaKernel(dPeriod);
  }
  protected step(bar: HlcBar, revise: boolean): StochValue | null {
    const hh = this.hh.next(bar.high, revise);
    const ll = this.ll.next(bar.low, revise);
    if (Number.isNaN(hh)) return null;
    const k = this.k.next(rawK(bar.close, hh, ll), revise);
    if (Number.isNaN(k)) return null;
    const d = this.d.next(k, revise);
    return !Number.isNaN(d) ? { k, d } : null;
  }
}

/** Fast stochastic (TA-Lib STOCHF): %K = raw %K, %D = SMA(%K, dPeriod). */
export function stochfLookback(kPeriod: number, dPeriod: number): number {
  return kPeriod - 1 + dPeriod - 1;
}

export function stochf(high: Float64Array, low: Float64Array, close: Float64Array, kPeriod: number, dPeriod: number): StochOutput {
  const n = close.length;
  const lb = stochfLookback(kPeriod, dPeriod);
  const outK = output(n, lb);
  const outD = output(n, lb);
  if (n <= lb) return { k: outK, d: outD };
  const raw = fastKSeries(high, low, close, kPeriod);
  const kLb = kPeriod - 1;
  let t = 0;
  for (let i = kLb; i < n; i++) {
    t += raw[i]!;
    if (i - kLb >= dPeriod) t -= raw[i - dPeriod]!;
    if (i >= lb) {
      outK[i] = raw[i]!;
      outD[i] = t / dPeriod;
    }
  }
  return { k: outK, d: outD };
}

export class StochF extends ObjectStream<HlcBar, StochValue> {
  private readonly hh: MaxKernel;
  private readonly ll: MinKernel;
  private readonly d: SmaKernel;
  constructor(kPeriod: number, dPeriod: number) {
    super();
    this.hh = new MaxKernel(kPeriod);
    this.ll = new MinKernel(kPeriod);
    this.d = new SmaKernel(dPeriod);
  }
  protected step(bar: HlcBar, revise: boolean): StochValue | null {
    const hh = this.hh.next(bar.high, revise);
    const ll = this.ll.next(bar.low, revise);
    if (Number.isNaN(hh)) return null;
    const k = rawK(bar.close, hh, ll);
    const d = this.d.next(k, revise);
    return !Number.isNaN(d) ? { k, d } : null;
  }
}

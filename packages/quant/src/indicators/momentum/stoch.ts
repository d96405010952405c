import { barOf, col, defineIndicator, HLC, int, MAX_PERIOD, multi } from '../internal/define.ts';
import { HighLowKernel, MaxKernel, MinKernel, SmaKernel } from '../internal/kernels.ts';
import { ObjectStream, type Stream } from '../internal/stream.ts';
import { outputs2 } from '../internal/util.ts';
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
  const [outK, outD] = outputs2(n, lb);
  if (n <= lb) return { k: outK, d: outD };
  // one pass: raw %K, its SMA (%K) and the SMA of that (%D), with the few values each running sum
  // drops kept in small rings instead of series-long temporaries (same arithmetic, same order)
  const kLb = kPeriod - 1;
  const dStart = kLb + kSmoothing - 1;
  const rawRing = new Float64Array(kSmoothing);
  const kRing = new Float64Array(dPeriod);
  let rp = 0;
  let kp = 0;
  let s = 0;
  let t = 0;
  let hi = -1;
  let lo = -1;
  let hh = 0;
  let ll = 0;
  for (let i = kLb; i < n; i++) {
    const from = i - kLb;
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
    const raw = diff !== 0 ? (close[i]! - ll) / diff : 0;
    s += raw;
    // rawRing[rp] holds raw %K of bar i - kSmoothing
    if (from >= kSmoothing) s -= rawRing[rp]!;
    rawRing[rp] = raw;
    rp = rp + 1 === kSmoothing ? 0 : rp + 1;
    if (i < dStart) continue;
    const slowK = s / kSmoothing;
    t += slowK;
    if (i - dStart >= dPeriod) t -= kRing[kp]!;
    kRing[kp] = slowK;
    kp = kp + 1 === dPeriod ? 0 : kp + 1;
    if (i >= lb) {
      outK[i] = slowK;
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

/**
 * Streaming slow stochastic. `update`/`replace` return one result object per instance, updated in
 * place on every call (no allocation per bar): copy it to keep a bar's values.
 */
export class Stoch implements Stream<HlcBar, StochValue> {
  private readonly hl: HighLowKernel;
  private readonly kP: number;
  private readonly kS: number;
  private readonly dP: number;
  /** Raw %K of the last kSmoothing bars, and %K of the last dPeriod bars. */
  private readonly rawBuf: Float64Array;
  private readonly kBuf: Float64Array;
  private readonly out = { k: 0, d: 0 };
  private bars = 0;
  private ready = false;
  private rp = -1;
  private kp = -1;
  private s = 0;
  private t = 0;
  private sS = 0;
  private sT = 0;
  /** Values that left the two windows at the latest bar. */
  private goneRaw = 0;
  private goneK = 0;
  constructor(kPeriod: number, kSmoothing: number, dPeriod: number) {
    this.hl = new HighLowKernel(kPeriod);
    this.kP = kPeriod;
    this.kS = kSmoothing;
    this.dP = dPeriod;
    this.rawBuf = new Float64Array(kSmoothing);
    this.kBuf = new Float64Array(dPeriod);
  }
  update(bar: HlcBar): StochValue | null {
    this.bars++;
    return this.step(bar, false);
  }
  replace(bar: HlcBar): StochValue | null {
    if (this.bars === 0) return this.update(bar);
    return this.step(bar, true);
  }
  get value(): StochValue | null {
    return this.ready ? this.out : null;
  }
  get count(): number {
    return this.bars;
  }
  private step(bar: HlcBar, revise: boolean): StochValue | null {
    this.ready = false;
    const hl = this.hl;
    if (!hl.next(bar.high, bar.low, revise)) return null;
    const kS = this.kS;
    const dP = this.dP;
    // j: index of this raw %K value, m: index of this %K value
    const j = this.bars - this.kP;
    const m = j - kS + 1;
    if (revise) {
      this.s = this.sS;
      this.t = this.sT;
    } else {
      this.sS = this.s;
      this.sT = this.t;
      const rp = this.rp + 1 === kS ? 0 : this.rp + 1;
      this.rp = rp;
      this.goneRaw = this.rawBuf[rp]!;
      if (m >= 0) {
        const kp = this.kp + 1 === dP ? 0 : this.kp + 1;
        this.kp = kp;
        this.goneK = this.kBuf[kp]!;
      }
    }
    const raw = rawK(bar.close, hl.hh, hl.ll);
    let s = this.s + raw;
    if (j >= kS) s -= this.goneRaw;
    this.s = s;
    this.rawBuf[this.rp] = raw;
    if (m < 0) return null;
    const k = s / kS;
    let t = this.t + k;
    if (m >= dP) t -= this.goneK;
    this.t = t;
    this.kBuf[this.kp] = k;
    if (m < dP - 1) return null;
    const out = this.out;
    out.k = k;
    out.d = t / dP;
    this.ready = true;
    return out;
  }
}

/** Fast stochastic (TA-Lib STOCHF): %K = raw %K, %D = SMA(%K, dPeriod). */
export function stochfLookback(kPeriod: number, dPeriod: number): number {
  return kPeriod - 1 + dPeriod - 1;
}

export function stochf(high: Float64Array, low: Float64Array, close: Float64Array, kPeriod: number, dPeriod: number): StochOutput {
  const n = close.length;
  const lb = stochfLookback(kPeriod, dPeriod);
  const [outK, outD] = outputs2(n, lb);
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

export const stochIndicator = defineIndicator({
  name: 'stoch',
  title: 'Stochastic Oscillator (slow)',
  description: '%K = SMA(raw %K, kSmoothing), %D = SMA(%K, dPeriod); raw %K = position of the close in the kPeriod range.',
  group: 'momentum',
  inputs: HLC,
  params: [
    int('kPeriod', 14, 1, MAX_PERIOD, 'Raw %K window'),
    int('kSmoothing', 3, 1, MAX_PERIOD, '%K smoothing'),
    int('dPeriod', 3, 1, MAX_PERIOD, '%D smoothing'),
  ],
  outputs: ['k', 'd'],
  talib: 'STOCH',
  lookback: (p) => stochLookback(p.kPeriod, p.kSmoothing, p.dPeriod),
  batch: (i, p) => stoch(col.high(i), col.low(i), col.close(i), p.kPeriod, p.kSmoothing, p.dPeriod),
  stream: (p) => multi(new Stoch(p.kPeriod, p.kSmoothing, p.dPeriod), barOf),
});

export const stochfIndicator = defineIndicator({
  name: 'stochf',
  title: 'Stochastic Oscillator (fast)',
  description: '%K = raw %K over kPeriod, %D = SMA(%K, dPeriod).',
  group: 'momentum',
  inputs: HLC,
  params: [int('kPeriod', 14, 1, MAX_PERIOD, '%K window'), int('dPeriod', 3, 1, MAX_PERIOD, '%D smoothing')],
  outputs: ['k', 'd'],
  talib: 'STOCHF',
  lookback: (p) => stochfLookback(p.kPeriod, p.dPeriod),
  batch: (i, p) => stochf(col.high(i), col.low(i), col.close(i), p.kPeriod, p.dPeriod),
  stream: (p) => multi(new StochF(p.kPeriod, p.dPeriod), barOf),
});

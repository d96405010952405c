import { asValue, barOf, col, defineIndicator, HLC, hlcPeriodIndicator, periodParam, single } from '../internal/define.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import type { HlcBar } from '../types.ts';

/** True range (Wilder): the greatest of high - low, |high - previous close|, |low - previous close|. */
export function trueRange(high: number, low: number, prevClose: number): number {
  return Math.max(high, prevClose) - Math.min(low, prevClose);
}

/**
 * Average true range (Wilder 1978; TA-Lib ATR): the mean of the first `period` true ranges, then
 * Wilder smoothing atr = (atr * (period - 1) + tr) / period. The first bar has no true range.
 */
export function atrLookback(period: number): number {
  return period;
}

export function atr(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  const n = close.length;
  const out = output(n, period);
  if (n <= period) return out;
  let a = 0;
  for (let i = 1; i <= period; i++) {
    const pc = close[i - 1]!;
    a += Math.max(high[i]!, pc) - Math.min(low[i]!, pc);
  }
  a /= period;
  out[period] = a;
  const m = period - 1;
  for (let i = period + 1; i < n; i++) {
    const pc = close[i - 1]!;
    a = (a * m + (Math.max(high[i]!, pc) - Math.min(low[i]!, pc))) / period;
    out[i] = a;
  }
  return out;
}

/** Streaming ATR state, shared by ATR, NATR, Keltner Channels and SuperTrend. */
export class AtrKernel {
  private n = 0;
  private prevClose = 0;
  private a = 0;
  private sN = 0;
  private sPrevClose = 0;
  private sA = 0;
  constructor(readonly period: number) {}

  next(high: number, low: number, close: number, revise: boolean): number {
    if (revise) {
      this.n = this.sN;
      this.prevClose = this.sPrevClose;
      this.a = this.sA;
    } else {
      this.sN = this.n;
      this.sPrevClose = this.prevClose;
      this.sA = this.a;
    }
    const c = ++this.n;
    const pc = this.prevClose;
    this.prevClose = close;
    if (c === 1) return Number.NaN;
    const tr = Math.max(high, pc) - Math.min(low, pc);
    const p = this.period;
    if (c <= p + 1) {
      this.a += tr;
      if (c <= p) return Number.NaN;
      this.a /= p;
      return this.a;
    }
    this.a = (this.a * (p - 1) + tr) / p;
    return this.a;
  }
}

export class Atr extends NumberStream<HlcBar> {
  private readonly k: AtrKernel;
  constructor(readonly period: number) {
    super();
    this.k = new AtrKernel(period);
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
    return this.k.next(bar.high, bar.low, bar.close, revise);
  }
}

/** Normalized ATR (TA-Lib NATR): 100 * ATR / close. */
export function natrLookback(period: number): number {
  return period;
}

export function natr(high: Float64Array, low: Float64Array, close: Float64Array, period: number): Float64Array {
  const out = atr(high, low, close, period);
  for (let i = period; i < out.length; i++) {
    const c = close[i]!;
    out[i] = c !== 0 ? (out[i]! / c) * 100 : 0;
  }
  return out;
}

export class Natr extends NumberStream<HlcBar> {
  private readonly k: AtrKernel;
  constructor(readonly period: number) {
    super();
    this.k = new AtrKernel(period);
  }
  protected step(bar: HlcBar, revise: boolean): number {
    const a = this.k.next(bar.high, bar.low, bar.close, revise);
    if (Number.isNaN(a)) return a;
    return bar.close !== 0 ? (a / bar.close) * 100 : 0;
  }
}

/** True range series (TA-Lib TRANGE); the first bar has none. */
export function trangeLookback(): number {
  return 1;
}

export function trange(high: Float64Array, low: Float64Array, close: Float64Array): Float64Array {
  const n = close.length;
  const out = output(n, 1);
  for (let i = 1; i < n; i++) out[i] = trueRange(high[i]!, low[i]!, close[i - 1]!);
  return out;
}

export class TRange extends NumberStream<HlcBar> {
  private prevClose = Number.NaN;
  private sPrevClose = Number.NaN;
  protected step(bar: HlcBar, revise: boolean): number {
    if (revise) this.prevClose = this.sPrevClose;
    else this.sPrevClose = this.prevClose;
    const pc = this.prevClose;
    this.prevClose = bar.close;
    return Number.isNaN(pc) ? pc : trueRange(bar.high, bar.low, pc);
  }
}

export const atrIndicator = hlcPeriodIndicator({
  name: 'atr',
  title: 'Average True Range',
  description: "Wilder's smoothed true range.",
  group: 'volatility',
  talib: 'ATR',
  period: periodParam(14, 1),
  lookback: atrLookback,
  batch: atr,
  stream: (p) => new Atr(p),
});

export const natrIndicator = hlcPeriodIndicator({
  name: 'natr',
  title: 'Normalized Average True Range',
  description: '100 * ATR / close.',
  group: 'volatility',
  talib: 'NATR',
  period: periodParam(14),
  lookback: natrLookback,
  batch: natr,
  stream: (p) => new Natr(p),
});

export const trangeIndicator = defineIndicator({
  name: 'trange',
  title: 'True Range',
  description: 'max(high, previous close) - min(low, previous close).',
  group: 'volatility',
  inputs: HLC,
  params: [],
  outputs: ['value'],
  talib: 'TRANGE',
  lookback: trangeLookback,
  batch: (i) => asValue(trange(col.high(i), col.low(i), col.close(i))),
  stream: () => single(new TRange(), barOf),
});

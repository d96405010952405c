import { asValue, C, closeOf, col, defineIndicator, multi, periodParam, real, single } from '../internal/define.ts';
import { Ring } from '../internal/kernels.ts';
import { NumberStream, type Stream } from '../internal/stream.ts';
import { output, outputs3 } from '../internal/util.ts';

/**
 * Rolling mean and population variance from running sums of x and x^2, in TA-Lib's order
 * (variance = mean of squares - square of mean; a variance below 1e-14 counts as 0). The running
 * sums hold the newest period-1 values between bars, as TA-Lib's do: the order of these
 * roundings decides agreement with TA-Lib at 1e-9 when the variance is small.
 */
export class MomentsKernel {
  mean = Number.NaN;
  variance = Number.NaN;
  private readonly ring: Ring;
  private s = 0;
  private q = 0;
  private sS = 0;
  private sQ = 0;
  constructor(readonly period: number) {
    this.ring = new Ring(period);
  }
  /** True once the window is full. */
  next(x: number, revise: boolean): boolean {
    if (revise) {
      this.s = this.sS;
      this.q = this.sQ;
    } else {
      this.sS = this.s;
      this.sQ = this.q;
    }
    const r = this.ring;
    r.push(x, revise);
    const s = this.s + x;
    const q = this.q + x * x;
    if (r.count < this.period) {
      this.s = s;
      this.q = q;
      return false;
    }
    const mean = s / this.period;
    this.mean = mean;
    this.variance = q / this.period - mean * mean;
    const oldest = r.at(this.period - 1);
    this.s = s - oldest;
    this.q = q - oldest * oldest;
    return true;
  }
}

export function stdDevOf(variance: number): number {
  return variance < 1e-14 ? 0 : Math.sqrt(variance);
}

export interface BbandsValue {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
}

export interface BandsOutput {
  readonly upper: Float64Array;
  readonly middle: Float64Array;
  readonly lower: Float64Array;
}

/**
 * Bollinger Bands (John Bollinger; TA-Lib BBANDS with an SMA): middle = SMA(period), upper/lower =
 * middle +/- stdDev * population standard deviation over the same window.
 */
export function bbandsLookback(period: number): number {
  return period - 1;
}

export function bbands(close: Float64Array, period: number, stdDev: number): BandsOutput {
  const n = close.length;
  const [upper, middle, lower] = outputs3(n, period - 1);
  let s = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    const x = close[i]!;
    s += x;
    q += x * x;
    if (i < period - 1) continue;
    const mean = s / period;
    const v = q / period - mean * mean;
    const g = close[i - period + 1]!;
    s -= g;
    q -= g * g;
    const d = stdDev * (v < 1e-14 ? 0 : Math.sqrt(v));
    middle[i] = mean;
    upper[i] = mean + d;
    lower[i] = mean - d;
  }
  return { upper, middle, lower };
}

/**
 * Streaming Bollinger Bands. `update`/`replace` return one result object per instance, updated in place
 * on every call (no allocation per bar): copy it to keep a bar's values.
 */
export class Bbands implements Stream<number, BbandsValue> {
  private readonly m: MomentsKernel;
  private readonly out = { upper: 0, middle: 0, lower: 0 };
  private bars = 0;
  private ready = false;
  constructor(
    readonly period: number,
    readonly stdDev: number,
  ) {
    this.m = new MomentsKernel(period);
  }
  update(x: number): BbandsValue | null {
    this.bars++;
    return this.step(x, false);
  }
  replace(x: number): BbandsValue | null {
    if (this.bars === 0) return this.update(x);
    return this.step(x, true);
  }
  get value(): BbandsValue | null {
    return this.ready ? this.out : null;
  }
  get count(): number {
    return this.bars;
  }
  private step(x: number, revise: boolean): BbandsValue | null {
    const m = this.m;
    this.ready = m.next(x, revise);
    if (!this.ready) return null;
    const d = this.stdDev * stdDevOf(m.variance);
    const out = this.out;
    out.upper = m.mean + d;
    out.middle = m.mean;
    out.lower = m.mean - d;
    return out;
  }
}

/** Population standard deviation times nbDev (TA-Lib STDDEV). */
export function stddevLookback(period: number): number {
  return period - 1;
}

export function stddev(close: Float64Array, period: number, nbDev = 1): Float64Array {
  const s = new StdDev(period, nbDev);
  const out = output(close.length, period - 1);
  for (let i = 0; i < close.length; i++) out[i] = s.next(close[i]!, false);
  return out;
}

export class StdDev extends NumberStream<number> {
  private readonly m: MomentsKernel;
  constructor(
    readonly period: number,
    readonly nbDev = 1,
  ) {
    super();
    this.m = new MomentsKernel(period);
  }
  /** @internal batch entry point */
  next(x: number, revise: boolean): number {
    return this.step(x, revise);
  }
  protected step(x: number, revise: boolean): number {
    return this.m.next(x, revise) ? stdDevOf(this.m.variance) * this.nbDev : Number.NaN;
  }
}

export const bbandsIndicator = defineIndicator({
  name: 'bbands',
  title: 'Bollinger Bands',
  description: 'SMA(period) +/- stdDev population standard deviations.',
  group: 'volatility',
  inputs: C,
  params: [periodParam(20), real('stdDev', 2, 0.01, 100, 'Band width in standard deviations')],
  outputs: ['upper', 'middle', 'lower'],
  talib: 'BBANDS',
  lookback: (p) => bbandsLookback(p.period),
  batch: (i, p) => bbands(col.close(i), p.period, p.stdDev),
  stream: (p) => multi(new Bbands(p.period, p.stdDev), closeOf),
});

export const stddevIndicator = defineIndicator({
  name: 'stddev',
  title: 'Standard Deviation',
  description: 'Population standard deviation of the closes times nbDev.',
  group: 'volatility',
  inputs: C,
  params: [periodParam(20), real('nbDev', 1, 0.01, 100, 'Multiplier')],
  outputs: ['value'],
  talib: 'STDDEV',
  lookback: (p) => stddevLookback(p.period),
  batch: (i, p) => asValue(stddev(col.close(i), p.period, p.nbDev)),
  stream: (p) => single(new StdDev(p.period, p.nbDev), closeOf),
});

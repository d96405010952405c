import { closePeriodIndicator, periodParam } from '../internal/define.ts';
import { Ring } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';

/**
 * Kaufman adaptive moving average (Kaufman, "Smarter Trading", 1995; TA-Lib KAMA): the smoothing
 * constant moves between a 2-bar and a 30-bar EMA with the efficiency ratio |net change| / path length.
 */
export function kamaLookback(period: number): number {
  return period;
}

export function kama(close: Float64Array, period: number): Float64Array {
  const s = new Kama(period);
  const out = output(close.length, period);
  for (let i = 0; i < close.length; i++) out[i] = s.next(close[i]!, false);
  return out;
}

const SLOWEST = 2 / (30 + 1);
const SPAN = 2 / (2 + 1) - SLOWEST;

export class Kama extends NumberStream<number> {
  /** The last period+1 closes. */
  private readonly closes: Ring;
  private path = 0;
  private kama = Number.NaN;
  private sPath = 0;
  private sKama = Number.NaN;
  constructor(readonly period: number) {
    super();
    this.closes = new Ring(period + 1);
  }
  /** @internal batch entry point */
  next(x: number, revise: boolean): number {
    return this.step(x, revise);
  }
  protected step(x: number, revise: boolean): number {
    if (revise) {
      this.path = this.sPath;
      this.kama = this.sKama;
    } else {
      this.sPath = this.path;
      this.sKama = this.kama;
    }
    const r = this.closes;
    const gone = r.push(x, revise);
    if (r.count < 2) return Number.NaN;
    // path length: sum of |close - previous close| over the last `period` changes
    let path = this.path + Math.abs(x - r.at(1));
    if (!Number.isNaN(gone)) path -= Math.abs(r.at(this.period) - gone);
    this.path = path;
    if (r.count <= this.period) {
      this.kama = x;
      return Number.NaN;
    }
    const change = x - r.at(this.period);
    let er = path <= change || (path > -1e-14 && path < 1e-14) ? 1 : Math.abs(change / path);
    er = er * SPAN + SLOWEST;
    const sc = er * er;
    this.kama = (x - this.kama) * sc + this.kama;
    return this.kama;
  }
}

export const kamaIndicator = closePeriodIndicator({
  name: 'kama',
  title: 'Kaufman Adaptive Moving Average',
  description: 'Smoothing adapts to the efficiency ratio of the move (2 to 30 bar EMA).',
  group: 'moving-average',
  talib: 'KAMA',
  period: periodParam(10),
  lookback: kamaLookback,
  batch: kama,
  stream: (p) => new Kama(p),
});

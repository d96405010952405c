import { asValue, barOf, col, defineIndicator, HL, real, single } from '../internal/define.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import type { HlBar } from '../types.ts';

/**
 * Parabolic SAR (Wilder 1978; TA-Lib SAR): the stop trails the extreme point by an acceleration
 * factor that grows by `acceleration` with each new extreme up to `maximum`, and flips on a
 * penetration. As in TA-Lib, the first direction is short when bar 1 has a -DM, long otherwise.
 */
export function sarLookback(): number {
  return 1;
}

export function sar(high: Float64Array, low: Float64Array, acceleration: number, maximum: number): Float64Array {
  const s = new Sar(acceleration, maximum);
  const out = output(high.length, 1);
  for (let i = 0; i < high.length; i++) out[i] = s.next(high[i]!, low[i]!, false);
  return out;
}

export class Sar extends NumberStream<HlBar> {
  private readonly step0: number;
  private readonly max: number;
  private n = 0;
  private long = true;
  private sar = 0;
  private ep = 0;
  private af = 0;
  private lastHigh = 0;
  private lastLow = 0;
  private readonly saved = new Float64Array(7);

  constructor(acceleration: number, maximum: number) {
    super();
    this.step0 = Math.min(acceleration, maximum);
    this.max = maximum;
  }

  /** @internal batch entry point */
  next(high: number, low: number, revise: boolean): number {
    const sv = this.saved;
    if (revise) {
      this.n = sv[0]!;
      this.long = sv[1] === 1;
      this.sar = sv[2]!;
      this.ep = sv[3]!;
      this.af = sv[4]!;
      this.lastHigh = sv[5]!;
      this.lastLow = sv[6]!;
    } else {
      sv[0] = this.n;
      sv[1] = this.long ? 1 : 0;
      sv[2] = this.sar;
      sv[3] = this.ep;
      sv[4] = this.af;
      sv[5] = this.lastHigh;
      sv[6] = this.lastLow;
    }
    const c = ++this.n;
    let prevHigh = this.lastHigh;
    let prevLow = this.lastLow;
    this.lastHigh = high;
    this.lastLow = low;
    if (c === 1) return Number.NaN;
    if (c === 2) {
      const diffP = high - prevHigh;
      const diffM = prevLow - low;
      this.long = !(diffM > 0 && diffP < diffM);
      if (this.long) {
        this.ep = high;
        this.sar = prevLow;
      } else {
        this.ep = low;
        this.sar = prevHigh;
      }
      this.af = this.step0;
      // TA-Lib starts with the first bar as its own predecessor
      prevHigh = high;
      prevLow = low;
    }
    let sar = this.sar;
    let out: number;
    if (this.long) {
      if (low <= sar) {
        this.long = false;
        sar = this.ep;
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
        out = sar;
        this.af = this.step0;
        this.ep = low;
        sar = sar + this.af * (this.ep - sar);
        if (sar < prevHigh) sar = prevHigh;
        if (sar < high) sar = high;
      } else {
        out = sar;
        if (high > this.ep) {
          this.ep = high;
          this.af += this.step0;
          if (this.af > this.max) this.af = this.max;
        }
        sar = sar + this.af * (this.ep - sar);
        if (sar > prevLow) sar = prevLow;
        if (sar > low) sar = low;
      }
    } else if (high >= sar) {
      this.long = true;
      sar = this.ep;
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
      out = sar;
      this.af = this.step0;
      this.ep = high;
      sar = sar + this.af * (this.ep - sar);
      if (sar > prevLow) sar = prevLow;
      if (sar > low) sar = low;
    } else {
      out = sar;
      if (low < this.ep) {
        this.ep = low;
        this.af += this.step0;
        if (this.af > this.max) this.af = this.max;
      }
      sar = sar + this.af * (this.ep - sar);
      if (sar < prevHigh) sar = prevHigh;
      if (sar < high) sar = high;
    }
    this.sar = sar;
    return out;
  }

  protected step(bar: HlBar, revise: boolean): number {
    return this.next(bar.high, bar.low, revise);
  }
}

export const sarIndicator = defineIndicator({
  name: 'sar',
  title: 'Parabolic SAR',
  description: "Wilder's stop-and-reverse: a trailing stop that accelerates towards the extreme point.",
  group: 'trend',
  inputs: HL,
  params: [real('acceleration', 0.02, 0.0001, 1, 'Acceleration factor step'), real('maximum', 0.2, 0.0001, 1, 'Acceleration factor cap')],
  outputs: ['value'],
  talib: 'SAR',
  lookback: sarLookback,
  batch: (i, p) => asValue(sar(col.high(i), col.low(i), p.acceleration, p.maximum)),
  stream: (p) => single(new Sar(p.acceleration, p.maximum), barOf),
});

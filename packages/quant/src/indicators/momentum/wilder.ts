/**
 * Wilder's average gain and average loss of successive closes (RSI, CMO, StochRSI): the first
 * averages are simple means over `period` changes, then avg = (avg * (period - 1) + change) / period.
 * Arithmetic in TA-Lib's order.
 */
export class WilderGainLoss {
  gain = 0;
  loss = 0;
  private n = 0;
  private prev = 0;
  private sN = 0;
  private sPrev = 0;
  private sGain = 0;
  private sLoss = 0;

  constructor(readonly period: number) {}

  /** True once the averages are defined (after `period` changes). */
  next(x: number, revise: boolean): boolean {
    if (revise) {
      this.n = this.sN;
      this.prev = this.sPrev;
      this.gain = this.sGain;
      this.loss = this.sLoss;
    } else {
      this.sN = this.n;
      this.sPrev = this.prev;
      this.sGain = this.gain;
      this.sLoss = this.loss;
    }
    const c = ++this.n;
    const d = x - this.prev;
    this.prev = x;
    if (c === 1) return false;
    const p = this.period;
    if (c <= p + 1) {
      if (d < 0) this.loss -= d;
      else this.gain += d;
      if (c < p + 1) return false;
      this.loss /= p;
      this.gain /= p;
      return true;
    }
    this.loss *= p - 1;
    this.gain *= p - 1;
    if (d < 0) this.loss -= d;
    else this.gain += d;
    this.loss /= p;
    this.gain /= p;
    return true;
  }
}

export function isZero(x: number): boolean {
  return x > -1e-14 && x < 1e-14;
}

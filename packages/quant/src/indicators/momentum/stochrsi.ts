import { C, closeOf, col, defineIndicator, int, MAX_PERIOD, multi, periodParam } from '../internal/define.ts';
import { MaxKernel, MinKernel, SmaKernel } from '../internal/kernels.ts';
import { ObjectStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import type { StochOutput, StochValue } from './stoch.ts';
import { rawK } from './stoch.ts';
import { isZero, WilderGainLoss } from './wilder.ts';

/**
 * Stochastic RSI (Chande & Kroll 1994; TA-Lib STOCHRSI): the fast stochastic applied to RSI(period),
 * %K over kPeriod RSI values, %D = SMA(%K, dPeriod).
 */
export function stochrsiLookback(period: number, kPeriod: number, dPeriod: number): number {
  return period + kPeriod - 1 + dPeriod - 1;
}

export function stochrsi(close: Float64Array, period: number, kPeriod: number, dPeriod: number): StochOutput {
  const s = new StochRsi(period, kPeriod, dPeriod);
  const n = close.length;
  const lb = stochrsiLookback(period, kPeriod, dPeriod);
  const k = output(n, lb);
  const d = output(n, lb);
  for (let i = 0; i < n; i++) {
    const v = s.next(close[i]!, false);
    if (v) {
      k[i] = v.k;
      d[i] = v.d;
    }
  }
  return { k, d };
}

export class StochRsi extends ObjectStream<number, StochValue> {
  private readonly w: WilderGainLoss;
  private readonly hh: MaxKernel;
  private readonly ll: MinKernel;
  private readonly d: SmaKernel;
  constructor(period: number, kPeriod: number, dPeriod: number) {
    super();
    this.w = new WilderGainLoss(period);
    this.hh = new MaxKernel(kPeriod);
    this.ll = new MinKernel(kPeriod);
    this.d = new SmaKernel(dPeriod);
  }
  /** @internal batch entry point */
  next(x: number, revise: boolean): StochValue | null {
    return this.step(x, revise);
  }
  protected step(x: number, revise: boolean): StochValue | null {
    const w = this.w;
    if (!w.next(x, revise)) return null;
    const t = w.gain + w.loss;
    const r = isZero(t) ? 0 : 100 * (w.gain / t);
    const hh = this.hh.next(r, revise);
    const ll = this.ll.next(r, revise);
    if (Number.isNaN(hh)) return null;
    const k = rawK(r, hh, ll);
    const d = this.d.next(k, revise);
    return !Number.isNaN(d) ? { k, d } : null;
  }
}

export const stochrsiIndicator = defineIndicator({
  name: 'stochrsi',
  title: 'Stochastic RSI',
  description: 'Fast stochastic of RSI(period): %K over kPeriod RSI values, %D = SMA(%K, dPeriod).',
  group: 'momentum',
  inputs: C,
  params: [
    periodParam(14),
    int('kPeriod', 5, 1, MAX_PERIOD, '%K window over RSI values'),
    int('dPeriod', 3, 1, MAX_PERIOD, '%D smoothing'),
  ],
  outputs: ['k', 'd'],
  talib: 'STOCHRSI',
  lookback: (p) => stochrsiLookback(p.period, p.kPeriod, p.dPeriod),
  batch: (i, p) => stochrsi(col.close(i), p.period, p.kPeriod, p.dPeriod),
  stream: (p) => multi(new StochRsi(p.period, p.kPeriod, p.dPeriod), closeOf),
});

import { closePeriodIndicator, periodParam } from '../internal/define.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import { isZero, WilderGainLoss } from './wilder.ts';

/**
 * Chande momentum oscillator as TA-Lib computes it (CMO): 100 * (avgGain - avgLoss) / (avgGain + avgLoss)
 * over Wilder-smoothed gains and losses, in [-100, 100].
 */
export function cmoLookback(period: number): number {
  return period;
}

export function cmo(close: Float64Array, period: number): Float64Array {
  const s = new Cmo(period);
  const out = output(close.length, period);
  for (let i = 0; i < close.length; i++) out[i] = s.next(close[i]!, false);
  return out;
}

export class Cmo extends NumberStream<number> {
  private readonly w: WilderGainLoss;
  constructor(readonly period: number) {
    super();
    this.w = new WilderGainLoss(period);
  }
  /** @internal batch entry point */
  next(x: number, revise: boolean): number {
    return this.step(x, revise);
  }
  protected step(x: number, revise: boolean): number {
    const w = this.w;
    if (!w.next(x, revise)) return Number.NaN;
    const t = w.gain + w.loss;
    return isZero(t) ? 0 : 100 * ((w.gain - w.loss) / t);
  }
}

export const cmoIndicator = closePeriodIndicator({
  name: 'cmo',
  title: 'Chande Momentum Oscillator',
  description: '100 * (gain - loss) / (gain + loss), Wilder-smoothed as in TA-Lib.',
  group: 'momentum',
  talib: 'CMO',
  period: periodParam(14),
  lookback: cmoLookback,
  batch: cmo,
  stream: (p) => new Cmo(p),
});

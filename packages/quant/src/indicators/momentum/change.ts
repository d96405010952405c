import { closePeriodIndicator, periodParam } from '../internal/define.ts';
import { Ring } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';

/** Momentum (TA-Lib MOM): close - close `period` bars ago. */
export function momLookback(period: number): number {
  return period;
}

export function mom(close: Float64Array, period: number): Float64Array {
  const n = close.length;
  const out = output(n, period);
  for (let i = period; i < n; i++) out[i] = close[i]! - close[i - period]!;
  return out;
}

/** Rate of change in percent (TA-Lib ROC): 100 * (close / close `period` bars ago - 1); 0 when the old close is 0. */
export function rocLookback(period: number): number {
  return period;
}

export function rocValue(x: number, old: number): number {
  return old !== 0 ? (x / old - 1) * 100 : 0;
}

export function roc(close: Float64Array, period: number): Float64Array {
  const n = close.length;
  const out = output(n, period);
  for (let i = period; i < n; i++) out[i] = rocValue(close[i]!, close[i - period]!);
  return out;
}

abstract class Change extends NumberStream<number> {
  private readonly ring: Ring;
  constructor(readonly period: number) {
    super();
    this.ring = new Ring(period + 1);
  }
  protected step(x: number, revise: boolean): number {
    const r = this.ring;
    r.push(x, revise);
    return r.count > this.period ? this.combine(x, r.at(this.period)) : Number.NaN;
  }
  protected abstract combine(x: number, old: number): number;
}

export class Mom extends Change {
  protected combine(x: number, old: number): number {
    return x - old;
  }
}

export class Roc extends Change {
  protected combine(x: number, old: number): number {
    return rocValue(x, old);
  }
}

export const momIndicator = closePeriodIndicator({
  name: 'mom',
  title: 'Momentum',
  description: 'close - close `period` bars ago.',
  group: 'momentum',
  talib: 'MOM',
  period: periodParam(10, 1),
  lookback: momLookback,
  batch: mom,
  stream: (p) => new Mom(p),
});

export const rocIndicator = closePeriodIndicator({
  name: 'roc',
  title: 'Rate of Change',
  description: '100 * (close / close `period` bars ago - 1).',
  group: 'momentum',
  talib: 'ROC',
  period: periodParam(10, 1),
  lookback: rocLookback,
  batch: roc,
  stream: (p) => new Roc(p),
});

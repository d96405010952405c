import { asValue, barOf, col, defineIndicator, HL, multi, periodParam, single } from '../internal/define.ts';
import { Ring } from '../internal/kernels.ts';
import { NumberStream, ObjectStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import type { HlBar } from '../types.ts';

export interface AroonValue {
  readonly up: number;
  readonly down: number;
}

export interface AroonOutput {
  readonly up: Float64Array;
  readonly down: Float64Array;
}

/**
 * Aroon (Chande 1995; TA-Lib AROON): 100 * (period - bars since the highest high) / period over the
 * last period+1 bars, and the same for the lowest low; ties go to the most recent bar.
 */
export function aroonLookback(period: number): number {
  return period;
}

export class AroonKernel {
  private readonly highs: Ring;
  private readonly lows: Ring;
  up = Number.NaN;
  down = Number.NaN;
  constructor(readonly period: number) {
    this.highs = new Ring(period + 1);
    this.lows = new Ring(period + 1);
  }
  next(high: number, low: number, revise: boolean): boolean {
    this.highs.push(high, revise);
    this.lows.push(low, revise);
    if (this.highs.count <= this.period) return false;
    const f = 100 / this.period;
    this.up = f * (this.period - this.highs.maxAgo());
    this.down = f * (this.period - this.lows.minAgo());
    return true;
  }
}

export function aroon(high: Float64Array, low: Float64Array, period: number): AroonOutput {
  const k = new AroonKernel(period);
  const n = high.length;
  const up = output(n, period);
  const down = output(n, period);
  for (let i = 0; i < n; i++) {
    if (k.next(high[i]!, low[i]!, false)) {
      up[i] = k.up;
      down[i] = k.down;
    }
  }
  return { up, down };
}

export class Aroon extends ObjectStream<HlBar, AroonValue> {
  private readonly k: AroonKernel;
  constructor(readonly period: number) {
    super();
    this.k = new AroonKernel(period);
  }
  protected step(bar: HlBar, revise: boolean): AroonValue | null {
    return this.k.next(bar.high, bar.low, revise) ? { up: this.k.up, down: this.k.down } : null;
  }
}

/** Aroon oscillator (TA-Lib AROONOSC): Aroon up - Aroon down. */
export function aroonoscLookback(period: number): number {
  return period;
}

export function aroonosc(high: Float64Array, low: Float64Array, period: number): Float64Array {
  const k = new AroonKernel(period);
  const out = output(high.length, period);
  for (let i = 0; i < high.length; i++) if (k.next(high[i]!, low[i]!, false)) out[i] = k.up - k.down;
  return out;
}

export class AroonOsc extends NumberStream<HlBar> {
  private readonly k: AroonKernel;
  constructor(readonly period: number) {
    super();
    this.k = new AroonKernel(period);
  }
  protected step(bar: HlBar, revise: boolean): number {
    return this.k.next(bar.high, bar.low, revise) ? this.k.up - this.k.down : Number.NaN;
  }
}

export const aroonIndicator = defineIndicator({
  name: 'aroon',
  title: 'Aroon',
  description: 'Bars since the highest high / lowest low over the period, scaled to 0..100.',
  group: 'trend',
  inputs: HL,
  params: [periodParam(14, 1)],
  outputs: ['up', 'down'],
  talib: 'AROON',
  lookback: (p) => aroonLookback(p.period),
  batch: (i, p) => aroon(col.high(i), col.low(i), p.period),
  stream: (p) => multi(new Aroon(p.period), barOf),
});

export const aroonoscIndicator = defineIndicator({
  name: 'aroonosc',
  title: 'Aroon Oscillator',
  description: 'Aroon up - Aroon down.',
  group: 'trend',
  inputs: HL,
  params: [periodParam(14, 1)],
  outputs: ['value'],
  talib: 'AROONOSC',
  lookback: (p) => aroonoscLookback(p.period),
  batch: (i, p) => asValue(aroonosc(col.high(i), col.low(i), p.period)),
  stream: (p) => single(new AroonOsc(p.period), barOf),
});

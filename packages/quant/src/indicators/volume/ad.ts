import { asValue, barOf, col, defineIndicator, HLCV, int, MAX_PERIOD, single } from '../internal/define.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import type { HlcvBar } from '../types.ts';

/** Close location value times volume: the bar's contribution to the A/D line (0 when high = low). */
function flow(high: number, low: number, close: number, volume: number): number {
  const range = high - low;
  return range > 0 ? ((close - low - (high - close)) / range) * volume : 0;
}

/** Chaikin accumulation/distribution line (TA-Lib AD): the running sum of close-location-weighted volume. */
export function adLookback(): number {
  return 0;
}

export function ad(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array): Float64Array {
  const n = close.length;
  const out = new Float64Array(n);
  let a = 0;
  for (let i = 0; i < n; i++) {
    a += flow(high[i]!, low[i]!, close[i]!, volume[i]!);
    out[i] = a;
  }
  return out;
}

export class Ad extends NumberStream<HlcvBar> {
  private a = 0;
  private sA = 0;
  protected step(bar: HlcvBar, revise: boolean): number {
    if (revise) this.a = this.sA;
    else this.sA = this.a;
    this.a += flow(bar.high, bar.low, bar.close, bar.volume);
    return this.a;
  }
}

/**
 * Chaikin A/D oscillator (TA-Lib ADOSC): EMA(fast) - EMA(slow) of the A/D line, both EMAs seeded
 * with the first A/D value (not an SMA) and computed as k * ad + (1 - k) * ema, as TA-Lib does.
 */
export function adoscLookback(fast: number, slow: number): number {
  return Math.max(fast, slow) - 1;
}

export function adosc(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  fast: number,
  slow: number,
): Float64Array {
  const s = new AdOsc(fast, slow);
  const out = output(close.length, adoscLookback(fast, slow));
  for (let i = 0; i < close.length; i++) out[i] = s.next(high[i]!, low[i]!, close[i]!, volume[i]!, false);
  return out;
}

export class AdOsc extends NumberStream<HlcvBar> {
  private readonly kf: number;
  private readonly ks: number;
  private readonly lb: number;
  private n = 0;
  private a = 0;
  private f = 0;
  private s = 0;
  private readonly saved = new Float64Array(4);
  constructor(fast: number, slow: number) {
    super();
    this.kf = 2 / (fast + 1);
    this.ks = 2 / (slow + 1);
    this.lb = Math.max(fast, slow) - 1;
  }
  /** @internal batch entry point */
  next(high: number, low: number, close: number, volume: number, revise: boolean): number {
    const sv = this.saved;
    if (revise) {
      this.n = sv[0]!;
      this.a = sv[1]!;
      this.f = sv[2]!;
      this.s = sv[3]!;
    } else {
      sv[0] = this.n;
      sv[1] = this.a;
      sv[2] = this.f;
      sv[3] = this.s;
    }
    this.a += flow(high, low, close, volume);
    const a = this.a;
    if (++this.n === 1) {
      this.f = a;
      this.s = a;
    } else {
      this.f = this.kf * a + (1 - this.kf) * this.f;
      this.s = this.ks * a + (1 - this.ks) * this.s;
    }
    return this.n > this.lb ? this.f - this.s : Number.NaN;
  }
  protected step(bar: HlcvBar, revise: boolean): number {
    return this.next(bar.high, bar.low, bar.close, bar.volume, revise);
  }
}

export const adIndicator = defineIndicator({
  name: 'ad',
  title: 'Chaikin A/D Line',
  description: 'Running sum of close-location-weighted volume.',
  group: 'volume',
  inputs: HLCV,
  params: [],
  outputs: ['value'],
  talib: 'AD',
  lookback: adLookback,
  batch: (i) => asValue(ad(col.high(i), col.low(i), col.close(i), col.volume(i))),
  stream: () => single(new Ad(), barOf),
});

export const adoscIndicator = defineIndicator({
  name: 'adosc',
  title: 'Chaikin A/D Oscillator',
  description: 'EMA(fast) - EMA(slow) of the A/D line.',
  group: 'volume',
  inputs: HLCV,
  params: [int('fast', 3, 2, MAX_PERIOD, 'Fast EMA period'), int('slow', 10, 2, MAX_PERIOD, 'Slow EMA period')],
  outputs: ['value'],
  talib: 'ADOSC',
  lookback: (p) => adoscLookback(p.fast, p.slow),
  batch: (i, p) => asValue(adosc(col.high(i), col.low(i), col.close(i), col.volume(i), p.fast, p.slow)),
  stream: (p) => single(new AdOsc(p.fast, p.slow), barOf),
});

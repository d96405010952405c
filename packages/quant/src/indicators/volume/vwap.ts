import { asValue, barOf, col, defineIndicator, HLCV, int, single } from '../internal/define.ts';
import { NumberStream } from '../internal/stream.ts';
import type { OhlcvBar } from '../types.ts';

const DAY_MS = 86_400_000;

/**
 * Session VWAP: cumulative typical price * volume over cumulative volume since the session start
 * (e.g. https://chartschool.stockcharts.com/table-of-contents/technical-indicators-and-overlays/technical-overlays/volume-weighted-average-price-vwap).
 * A session is a UTC day shifted by `anchorMinutes`; without bar start times the whole series is
 * one session. Until the session trades volume, the VWAP is the bar's typical price. Not in TA-Lib.
 */
export function vwapLookback(): number {
  return 0;
}

export function sessionOf(start: number, anchorMinutes: number): number {
  return Math.floor((start - anchorMinutes * 60_000) / DAY_MS);
}

export function vwap(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  volume: Float64Array,
  start?: Float64Array,
  anchorMinutes = 0,
): Float64Array {
  const s = new Vwap(anchorMinutes);
  const out = new Float64Array(close.length);
  for (let i = 0; i < close.length; i++) out[i] = s.next(high[i]!, low[i]!, close[i]!, volume[i]!, start ? start[i]! : 0, false);
  return out;
}

type VwapBar = Pick<OhlcvBar, 'high' | 'low' | 'close' | 'volume' | 'start'>;

export class Vwap extends NumberStream<VwapBar> {
  private pv = 0;
  private v = 0;
  private session = Number.NaN;
  private readonly saved = new Float64Array(3);
  constructor(readonly anchorMinutes = 0) {
    super();
  }
  /** @internal batch entry point */
  next(high: number, low: number, close: number, volume: number, start: number, revise: boolean): number {
    const sv = this.saved;
    if (revise) {
      this.pv = sv[0]!;
      this.v = sv[1]!;
      this.session = sv[2]!;
    } else {
      sv[0] = this.pv;
      sv[1] = this.v;
      sv[2] = this.session;
    }
    const session = sessionOf(start, this.anchorMinutes);
    if (session !== this.session) {
      this.session = session;
      this.pv = 0;
      this.v = 0;
    }
    const tp = (high + low + close) / 3;
    this.pv += tp * volume;
    this.v += volume;
    return this.v > 0 ? this.pv / this.v : tp;
  }
  protected step(bar: VwapBar, revise: boolean): number {
    return this.next(bar.high, bar.low, bar.close, bar.volume, bar.start ?? 0, revise);
  }
}

export const vwapIndicator = defineIndicator({
  name: 'vwap',
  title: 'Session VWAP',
  description: 'Volume-weighted average of the typical price since the session start (UTC day shifted by anchorMinutes).',
  group: 'volume',
  inputs: HLCV,
  optionalInputs: ['start'],
  params: [int('anchorMinutes', 0, 0, 1439, 'Session start in minutes after 00:00 UTC')],
  outputs: ['value'],
  talib: null,
  lookback: vwapLookback,
  batch: (i, p) => asValue(vwap(col.high(i), col.low(i), col.close(i), col.volume(i), i.start, p.anchorMinutes)),
  stream: (p) => single(new Vwap(p.anchorMinutes), barOf),
});

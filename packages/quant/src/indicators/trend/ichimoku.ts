import { barOf, col, defineIndicator, HL, int, MAX_PERIOD, multi } from '../internal/define.ts';
import { MaxKernel, MinKernel, Ring } from '../internal/kernels.ts';
import { ObjectStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import type { HlBar } from '../types.ts';

export interface IchimokuValue {
  readonly tenkan: number;
  readonly kijun: number;
  readonly senkouA: number;
  readonly senkouB: number;
}

export type IchimokuOutput = { readonly [K in keyof IchimokuValue]: Float64Array };

/**
 * Ichimoku Kinko Hyo (Goichi Hosoda), with TradingView's conventions
 * (https://www.tradingview.com/support/solutions/43000589152-ichimoku-cloud/): tenkan and kijun are
 * the midpoints of the high-low range over `conversion` and `base` bars; the leading spans
 * (tenkan + kijun) / 2 and the `spanB` midpoint are shown `displacement - 1` bars ahead, so the
 * values at a bar are those computed `displacement - 1` bars earlier. The lagging span is the
 * close drawn `displacement - 1` bars back, so it is left to the chart. All outputs start together.
 * Not in TA-Lib.
 */
export function ichimokuLookback(conversion: number, base: number, spanB: number, displacement: number): number {
  return Math.max(conversion, base, spanB) - 1 + displacement - 1;
}

export function ichimoku(
  high: Float64Array,
  low: Float64Array,
  conversion: number,
  base: number,
  spanB: number,
  displacement: number,
): IchimokuOutput {
  const s = new Ichimoku(conversion, base, spanB, displacement);
  const n = high.length;
  const lb = ichimokuLookback(conversion, base, spanB, displacement);
  const out = { tenkan: output(n, lb), kijun: output(n, lb), senkouA: output(n, lb), senkouB: output(n, lb) };
  for (let i = 0; i < n; i++) {
    const v = s.next(high[i]!, low[i]!, false);
    if (v) {
      out.tenkan[i] = v.tenkan;
      out.kijun[i] = v.kijun;
      out.senkouA[i] = v.senkouA;
      out.senkouB[i] = v.senkouB;
    }
  }
  return out;
}

export class Ichimoku extends ObjectStream<HlBar, IchimokuValue> {
  private readonly hi: MaxKernel[];
  private readonly lo: MinKernel[];
  private readonly spanA: Ring;
  private readonly spanBRing: Ring;
  private readonly shift: number;
  private readonly warm: number;
  private n = 0;
  private sN = 0;
  constructor(conversion: number, base: number, spanB: number, displacement: number) {
    super();
    this.hi = [conversion, base, spanB].map((p) => new MaxKernel(p));
    this.lo = [conversion, base, spanB].map((p) => new MinKernel(p));
    this.shift = displacement - 1;
    this.spanA = new Ring(displacement);
    this.spanBRing = new Ring(displacement);
    this.warm = Math.max(conversion, base, spanB);
  }
  /** @internal batch entry point */
  next(high: number, low: number, revise: boolean): IchimokuValue | null {
    if (revise) this.n = this.sN;
    else this.sN = this.n;
    const tenkan = (this.hi[0]!.next(high, revise) + this.lo[0]!.next(low, revise)) / 2;
    const kijun = (this.hi[1]!.next(high, revise) + this.lo[1]!.next(low, revise)) / 2;
    const b = (this.hi[2]!.next(high, revise) + this.lo[2]!.next(low, revise)) / 2;
    if (++this.n < this.warm) return null;
    this.spanA.push((tenkan + kijun) / 2, revise);
    this.spanBRing.push(b, revise);
    if (this.spanA.count <= this.shift) return null;
    return { tenkan, kijun, senkouA: this.spanA.at(this.shift), senkouB: this.spanBRing.at(this.shift) };
  }
  protected step(bar: HlBar, revise: boolean): IchimokuValue | null {
    return this.next(bar.high, bar.low, revise);
  }
}

export const ichimokuIndicator = defineIndicator({
  name: 'ichimoku',
  title: 'Ichimoku Cloud',
  description: 'Tenkan, kijun and the two leading spans (shown displacement-1 bars ahead).',
  group: 'trend',
  inputs: HL,
  params: [
    int('conversion', 9, 1, MAX_PERIOD, 'Tenkan-sen window'),
    int('base', 26, 1, MAX_PERIOD, 'Kijun-sen window'),
    int('spanB', 52, 1, MAX_PERIOD, 'Senkou span B window'),
    int('displacement', 26, 1, MAX_PERIOD, 'Leading span displacement'),
  ],
  outputs: ['tenkan', 'kijun', 'senkouA', 'senkouB'],
  talib: null,
  lookback: (p) => ichimokuLookback(p.conversion, p.base, p.spanB, p.displacement),
  batch: (i, p) => ichimoku(col.high(i), col.low(i), p.conversion, p.base, p.spanB, p.displacement),
  stream: (p) => multi(new Ichimoku(p.conversion, p.base, p.spanB, p.displacement), barOf),
});

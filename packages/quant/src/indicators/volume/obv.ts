import { asValue, barOf, col, defineIndicator, single } from '../internal/define.ts';
import { NumberStream } from '../internal/stream.ts';
import type { OhlcvBar } from '../types.ts';

/**
 * On-balance volume (Granville 1963; TA-Lib OBV): starts at the first bar's volume, then adds the
 * volume on an up close and subtracts it on a down close.
 */
export function obvLookback(): number {
  return 0;
}

export function obv(close: Float64Array, volume: Float64Array): Float64Array {
  const n = close.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  let v = volume[0]!;
  let pc = close[0]!;
  out[0] = v;
  for (let i = 1; i < n; i++) {
    const c = close[i]!;
    if (c > pc) v += volume[i]!;
    else if (c < pc) v -= volume[i]!;
    out[i] = v;
    pc = c;
  }
  return out;
}

export class Obv extends NumberStream<Pick<OhlcvBar, 'close' | 'volume'>> {
  private v = 0;
  private pc = 0;
  private sV = 0;
  private sPc = 0;
  // update/replace are the class's own (not the base class's through `step`), so call sites stay monomorphic
  override update(x: Pick<OhlcvBar, 'close' | 'volume'>): number | null {
    this.bars++;
    const v = this.step(x, false);
    this.last = v;
    return Number.isNaN(v) ? null : v;
  }
  override replace(x: Pick<OhlcvBar, 'close' | 'volume'>): number | null {
    if (this.bars === 0) return this.update(x);
    const v = this.step(x, true);
    this.last = v;
    return Number.isNaN(v) ? null : v;
  }
  protected step(bar: Pick<OhlcvBar, 'close' | 'volume'>, revise: boolean): number {
    if (revise) {
      this.v = this.sV;
      this.pc = this.sPc;
    } else {
      this.sV = this.v;
      this.sPc = this.pc;
    }
    const c = bar.close;
    if (this.bars === 1) this.v = bar.volume;
    else if (c > this.pc) this.v += bar.volume;
    else if (c < this.pc) this.v -= bar.volume;
    this.pc = c;
    return this.v;
  }
}

export const obvIndicator = defineIndicator({
  name: 'obv',
  title: 'On-Balance Volume',
  description: 'Running sum of volume signed by the close-to-close direction, from the first volume.',
  group: 'volume',
  inputs: ['close', 'volume'],
  params: [],
  outputs: ['value'],
  talib: 'OBV',
  lookback: obvLookback,
  batch: (i) => asValue(obv(col.close(i), col.volume(i))),
  stream: () => single(new Obv(), barOf),
});

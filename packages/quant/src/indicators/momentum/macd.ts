import { C, closeOf, col, defineIndicator, int, MAX_PERIOD, multi } from '../internal/define.ts';
import { EmaKernel } from '../internal/kernels.ts';
import type { Stream } from '../internal/stream.ts';
import { outputs3 } from '../internal/util.ts';

export interface MacdValue {
  readonly macd: number;
  readonly signal: number;
  readonly histogram: number;
}

export interface MacdOutput {
  readonly macd: Float64Array;
  readonly signal: Float64Array;
  readonly histogram: Float64Array;
}

/** TA-Lib swaps the periods when slow < fast. */
function order(fast: number, slow: number): [number, number] {
  return slow < fast ? [slow, fast] : [fast, slow];
}

/**
 * Moving average convergence/divergence (Appel; TA-Lib MACD): EMA(fast) - EMA(slow), its EMA as
 * the signal line, and their difference. As in TA-Lib, the fast EMA is seeded on the `fast` bars
 * that end where the slow EMA starts, and all three outputs start together.
 */
export function macdLookback(fast: number, slow: number, signal: number): number {
  const [, s] = order(fast, slow);
  return s - 1 + signal - 1;
}

export function macd(close: Float64Array, fast: number, slow: number, signal: number): MacdOutput {
  [fast, slow] = order(fast, slow);
  const n = close.length;
  const lb = slow - 1 + signal - 1;
  const [outM, outS, outH] = outputs3(n, lb);
  if (n <= lb) return { macd: outM, signal: outS, histogram: outH };
  const kf = 2 / (fast + 1);
  const ks = 2 / (slow + 1);
  const kg = 2 / (signal + 1);
  let f = 0;
  for (let i = slow - fast; i < slow; i++) f += close[i]!;
  f /= fast;
  let s = 0;
  for (let i = 0; i < slow; i++) s += close[i]!;
  s /= slow;
  // seed the signal line with the mean of the first `signal` MACD values
  let g = f - s;
  for (let i = slow; i <= lb; i++) {
    const x = close[i]!;
    f = (x - f) * kf + f;
    s = (x - s) * ks + s;
    g += f - s;
  }
  g /= signal;
  outM[lb] = f - s;
  outS[lb] = g;
  outH[lb] = f - s - g;
  for (let i = lb + 1; i < n; i++) {
    const x = close[i]!;
    f = (x - f) * kf + f;
    s = (x - s) * ks + s;
    const m = f - s;
    g = (m - g) * kg + g;
    outM[i] = m;
    outS[i] = g;
    outH[i] = m - g;
  }
  return { macd: outM, signal: outS, histogram: outH };
}

/**
 * Streaming MACD. `update`/`replace` return one result object per instance, updated in place
 * on every call (no allocation per bar): copy it to keep a bar's values.
 */
export class Macd implements Stream<number, MacdValue> {
  private readonly f: EmaKernel;
  private readonly s: EmaKernel;
  private readonly g: EmaKernel;
  private readonly out = { macd: 0, signal: 0, histogram: 0 };
  private bars = 0;
  private ready = false;
  constructor(fast: number, slow: number, signal: number) {
    [fast, slow] = order(fast, slow);
    this.f = new EmaKernel(fast, 2 / (fast + 1), slow - fast);
    this.s = new EmaKernel(slow);
    this.g = new EmaKernel(signal);
  }
  update(x: number): MacdValue | null {
    this.bars++;
    return this.step(x, false);
  }
  replace(x: number): MacdValue | null {
    if (this.bars === 0) return this.update(x);
    return this.step(x, true);
  }
  get value(): MacdValue | null {
    return this.ready ? this.out : null;
  }
  get count(): number {
    return this.bars;
  }
  private step(x: number, revise: boolean): MacdValue | null {
    this.ready = false;
    const f = this.f.next(x, revise);
    const s = this.s.next(x, revise);
    if (Number.isNaN(s)) return null;
    const m = f - s;
    const g = this.g.next(m, revise);
    if (Number.isNaN(g)) return null;
    const out = this.out;
    out.macd = m;
    out.signal = g;
    out.histogram = m - g;
    this.ready = true;
    return out;
  }
}

export const macdIndicator = defineIndicator({
  name: 'macd',
  title: 'Moving Average Convergence/Divergence',
  description: 'EMA(fast) - EMA(slow), its EMA(signal), and the histogram between them.',
  group: 'momentum',
  inputs: C,
  params: [
    int('fast', 12, 2, MAX_PERIOD, 'Fast EMA period'),
    int('slow', 26, 2, MAX_PERIOD, 'Slow EMA period'),
    int('signal', 9, 1, MAX_PERIOD, 'Signal EMA period'),
  ],
  outputs: ['macd', 'signal', 'histogram'],
  talib: 'MACD',
  lookback: (p) => macdLookback(p.fast, p.slow, p.signal),
  batch: (i, p) => macd(col.close(i), p.fast, p.slow, p.signal),
  stream: (p) => multi(new Macd(p.fast, p.slow, p.signal), closeOf),
});

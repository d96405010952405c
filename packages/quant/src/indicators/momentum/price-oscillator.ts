import { asValue, C, closeOf, col, defineIndicator, int, MAX_PERIOD, single } from '../internal/define.ts';
import { EmaKernel, SmaKernel } from '../internal/kernels.ts';
import { NumberStream } from '../internal/stream.ts';
import { output } from '../internal/util.ts';
import { isZero } from './wilder.ts';

/** Moving average type, numbered as TA-Lib's TA_MAType: 0 = SMA (TA-Lib's default for APO/PPO), 1 = EMA. */
export type PriceOscillatorMa = 0 | 1;

export function priceOscillatorLookback(fast: number, slow: number): number {
  return Math.max(fast, slow) - 1;
}

function kernel(period: number, maType: number, skip: number): EmaKernel | SmaKernel {
  return maType === 1 ? new EmaKernel(period, 2 / (period + 1), skip) : new SmaKernel(period);
}

class PriceOscillator extends NumberStream<number> {
  private readonly f: EmaKernel | SmaKernel;
  private readonly s: EmaKernel | SmaKernel;
  constructor(
    fast: number,
    slow: number,
    maType: number,
    private readonly percent: boolean,
  ) {
    super();
    if (slow < fast) [fast, slow] = [slow, fast];
    // unlike MACD, TA-Lib's APO/PPO seed the fast EMA on the first `fast` bars
    this.f = kernel(fast, maType, 0);
    this.s = kernel(slow, maType, 0);
  }
  /** @internal batch entry point */
  next(x: number, revise: boolean): number {
    return this.step(x, revise);
  }
  protected step(x: number, revise: boolean): number {
    const f = this.f.next(x, revise);
    const s = this.s.next(x, revise);
    if (Number.isNaN(s)) return s;
    if (!this.percent) return f - s;
    return isZero(s) ? 0 : ((f - s) / s) * 100;
  }
}

/** Absolute price oscillator (TA-Lib APO): MA(fast) - MA(slow). */
export class Apo extends PriceOscillator {
  constructor(fast: number, slow: number, maType = 0) {
    super(fast, slow, maType, false);
  }
}

/** Percentage price oscillator (TA-Lib PPO): 100 * (MA(fast) - MA(slow)) / MA(slow). */
export class Ppo extends PriceOscillator {
  constructor(fast: number, slow: number, maType = 0) {
    super(fast, slow, maType, true);
  }
}

export function apo(close: Float64Array, fast: number, slow: number, maType = 0): Float64Array {
  const s = new Apo(fast, slow, maType);
  const out = output(close.length, priceOscillatorLookback(fast, slow));
  for (let i = 0; i < close.length; i++) out[i] = s.next(close[i]!, false);
  return out;
}

export function ppo(close: Float64Array, fast: number, slow: number, maType = 0): Float64Array {
  const s = new Ppo(fast, slow, maType);
  const out = output(close.length, priceOscillatorLookback(fast, slow));
  for (let i = 0; i < close.length; i++) out[i] = s.next(close[i]!, false);
  return out;
}

const maType = int('maType', 0, 0, 1, 'Moving average: 0 = SMA (TA-Lib default), 1 = EMA');
/** PPO's and APO's: the two moving averages and their type. */
const priceOscillatorParams = [int('fast', 12, 2, MAX_PERIOD, 'Fast MA period'), int('slow', 26, 2, MAX_PERIOD, 'Slow MA period'), maType];

export const ppoIndicator = defineIndicator({
  name: 'ppo',
  title: 'Percentage Price Oscillator',
  description: '100 * (MA(fast) - MA(slow)) / MA(slow).',
  group: 'momentum',
  inputs: C,
  params: priceOscillatorParams,
  outputs: ['value'],
  talib: 'PPO',
  lookback: (p) => priceOscillatorLookback(p.fast, p.slow),
  batch: (i, p) => asValue(ppo(col.close(i), p.fast, p.slow, p.maType)),
  stream: (p) => single(new Ppo(p.fast, p.slow, p.maType), closeOf),
});

export const apoIndicator = defineIndicator({
  name: 'apo',
  title: 'Absolute Price Oscillator',
  description: 'MA(fast) - MA(slow).',
  group: 'momentum',
  inputs: C,
  params: priceOscillatorParams,
  outputs: ['value'],
  talib: 'APO',
  lookback: (p) => priceOscillatorLookback(p.fast, p.slow),
  batch: (i, p) => asValue(apo(col.close(i), p.fast, p.slow, p.maType)),
  stream: (p) => single(new Apo(p.fast, p.slow, p.maType), closeOf),
});

import { adx } from '../indicators/trend/dm.ts';
import { atr } from '../indicators/volatility/atr.ts';
import { bbands } from '../indicators/volatility/bbands.ts';
import { macd } from '../indicators/momentum/macd.ts';
import { rsi } from '../indicators/momentum/rsi.ts';
import { sma } from '../indicators/moving-averages/sma.ts';

/**
 * Model features, computed at each bar's close from that bar and the bars before it only (point
 * in time: appending bars never changes a value already computed; the tests prove it for every
 * feature). Every feature is scale-free (a return, a ratio, an oscillator), so one model can
 * score instruments of any price level.
 */
export interface FeatureSeries {
  readonly open?: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
  /**
   * Option positioning of an underlying, already aligned to the bars as of each close (see
   * `asOf`): put/call ratio of open interest, at-the-money implied volatility, 25-delta risk
   * reversal (call IV minus put IV). NaN where nothing was known yet.
   */
  readonly pcr?: Float64Array;
  readonly atmIv?: Float64Array;
  readonly riskReversal25?: Float64Array;
}

export interface FeatureDefinition {
  /** a stable id, used in model artefacts and in `topFeatures` */
  readonly name: string;
  readonly description: string;
  /** leading bars whose value is NaN (not enough history) */
  readonly lookback: number;
  /** true when it needs the option columns */
  readonly options?: boolean;
  compute(s: FeatureSeries): Float64Array;
}

const nan = (n: number) => new Float64Array(n).fill(Number.NaN);

/** log(close[i] / close[i - h]) */
function logReturn(h: number): FeatureDefinition {
  return {
    name: `ret_${h}`,
    description: `log return over the last ${h} bar${h === 1 ? '' : 's'}`,
    lookback: h,
    compute({ close }) {
      const out = nan(close.length);
      for (let i = h; i < close.length; i++) out[i] = Math.log(close[i]! / close[i - h]!);
      return out;
    },
  };
}

/** Sample standard deviation of the last `n` one-bar log returns (per bar, not annualised). */
function realisedVol(n: number): FeatureDefinition {
  return {
    name: `rv_${n}`,
    description: `realised volatility: standard deviation of the last ${n} one-bar log returns`,
    lookback: n,
    compute({ close }) {
      const out = nan(close.length);
      const r = new Float64Array(close.length);
      for (let i = 1; i < close.length; i++) r[i] = Math.log(close[i]! / close[i - 1]!);
      for (let i = n; i < close.length; i++) {
        let mean = 0;
        for (let j = i - n + 1; j <= i; j++) mean += r[j]!;
        mean /= n;
        let ss = 0;
        for (let j = i - n + 1; j <= i; j++) ss += (r[j]! - mean) ** 2;
        out[i] = Math.sqrt(ss / (n - 1));
      }
      return out;
    },
  };
}

/** close / SMA(n) - 1 */
function smaDistance(n: number): FeatureDefinition {
  return {
    name: `sma_dist_${n}`,
    description: `distance of the close from its ${n}-bar simple moving average, as a fraction`,
    lookback: n - 1,
    compute({ close }) {
      const avg = sma(close, n);
      return avg.map((m, i) => close[i]! / m - 1);
    },
  };
}

/** Copies a column of the series, or NaN when it is absent. */
function column(name: string, description: string, pick: (s: FeatureSeries) => Float64Array | undefined): FeatureDefinition {
  return {
    name,
    description,
    lookback: 0,
    options: true,
    compute(s) {
      return pick(s)?.slice() ?? nan(s.close.length);
    },
  };
}

export const FEATURES: readonly FeatureDefinition[] = [
  logReturn(1),
  logReturn(5),
  logReturn(20),
  realisedVol(20),
  {
    name: 'rsi_14',
    description: "Wilder's relative strength index over 14 bars, from 0 to 100",
    lookback: 14,
    compute: ({ close }) => rsi(close, 14),
  },
  {
    name: 'macd_hist',
    description: 'MACD(12, 26, 9) histogram divided by the close',
    lookback: 33,
    compute({ close }) {
      const { histogram } = macd(close, 12, 26, 9);
      return histogram.map((h, i) => h / close[i]!);
    },
  },
  {
    name: 'bb_pctb',
    description: 'Bollinger %b: where the close sits between the 20-bar, 2-deviation bands (0 lower, 1 upper)',
    lookback: 19,
    compute({ close }) {
      const { upper, lower } = bbands(close, 20, 2);
      return close.map((c, i) => {
        const width = upper[i]! - lower[i]!;
        if (Number.isNaN(width)) return Number.NaN;
        return width > 0 ? (c - lower[i]!) / width : 0.5;
      });
    },
  },
  {
    name: 'adx_14',
    description: "Wilder's average directional index over 14 bars",
    lookback: 27,
    compute: ({ high, low, close }) => adx(high, low, close, 14).adx,
  },
  {
    name: 'atr_rel_14',
    description: 'average true range over 14 bars divided by the close',
    lookback: 14,
    compute({ high, low, close }) {
      const a = atr(high, low, close, 14);
      return a.map((v, i) => v / close[i]!);
    },
  },
  smaDistance(20),
  smaDistance(50),
  {
    name: 'volume_z_20',
    description: "z-score of the bar's volume against the 20 bars before it",
    lookback: 20,
    compute({ volume }) {
      const out = nan(volume.length);
      for (let i = 20; i < volume.length; i++) {
        let mean = 0;
        for (let j = i - 20; j < i; j++) mean += volume[j]!;
        mean /= 20;
        let ss = 0;
        for (let j = i - 20; j < i; j++) ss += (volume[j]! - mean) ** 2;
        const sd = Math.sqrt(ss / 19);
        out[i] = sd > 0 ? (volume[i]! - mean) / sd : 0;
      }
      return out;
    },
  },
  column('pcr', 'put/call ratio of open interest, as of the close', (s) => s.pcr),
  column('atm_iv', 'at-the-money implied volatility, as of the close', (s) => s.atmIv),
  column('rr_25', '25-delta risk reversal (call IV minus put IV), as of the close', (s) => s.riskReversal25),
];

const BY_NAME = new Map(FEATURES.map((f) => [f.name, f]));

/** The price-only features: what every instrument has. */
export const DEFAULT_FEATURES: readonly string[] = FEATURES.filter((f) => !f.options).map((f) => f.name);

export class UnknownFeatureError extends Error {
  override name = 'UnknownFeatureError';
}

export function feature(name: string): FeatureDefinition {
  const f = BY_NAME.get(name);
  if (f === undefined) throw new UnknownFeatureError(`unknown feature ${name}; known: ${FEATURES.map((x) => x.name).join(', ')}`);
  return f;
}

/** The most bars any of these features needs before its first value. */
export function featuresLookback(names: readonly string[]): number {
  return Math.max(0, ...names.map((n) => feature(n).lookback));
}

/** Columns of the named features over the series, in the order named. */
export function computeFeatures(series: FeatureSeries, names: readonly string[]): Float64Array[] {
  return names.map((n) => feature(n).compute(series));
}

/**
 * Values of an event series as known at each bar close: for bar i, the value of the last event
 * with time <= closes[i], else NaN (as-of join; no event from after a close ever leaks into it).
 * Both time arrays ascending.
 */
export function asOf(closes: ArrayLike<number>, eventTimes: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  const out = nan(closes.length);
  let j = -1;
  for (let i = 0; i < closes.length; i++) {
    while (j + 1 < eventTimes.length && eventTimes[j + 1]! <= closes[i]!) j++;
    if (j >= 0) out[i] = values[j]!;
  }
  return out;
}

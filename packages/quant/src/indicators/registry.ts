import type { Stream } from './internal/stream.ts';
import { input } from './internal/util.ts';
import { mom, Mom, roc, Roc } from './momentum/change.ts';
import { Cci, cci } from './momentum/cci.ts';
import { Cmo, cmo } from './momentum/cmo.ts';
import { Macd, macd, macdLookback } from './momentum/macd.ts';
import { Mfi, mfi } from './momentum/mfi.ts';
import { Apo, apo, Ppo, ppo, priceOscillatorLookback } from './momentum/price-oscillator.ts';
import { Rsi, rsi } from './momentum/rsi.ts';
import { Stoch, StochF, stoch, stochf, stochfLookback, stochLookback } from './momentum/stoch.ts';
import { StochRsi, stochrsi, stochrsiLookback } from './momentum/stochrsi.ts';
import { Trix, trix, trixLookback } from './momentum/trix.ts';
import { UltOsc, ultosc, ultoscLookback } from './momentum/ultosc.ts';
import { WillR, willr } from './momentum/willr.ts';
import { Dema, dema, demaLookback } from './moving-averages/dema.ts';
import { Ema, ema } from './moving-averages/ema.ts';
import { Hma, hma, hmaLookback } from './moving-averages/hma.ts';
import { Kama, kama } from './moving-averages/kama.ts';
import { Sma, sma } from './moving-averages/sma.ts';
import { Tema, tema, temaLookback } from './moving-averages/tema.ts';
import { Trima, trima } from './moving-averages/trima.ts';
import { Vwma, vwma } from './moving-averages/vwma.ts';
import { Wma, wma } from './moving-averages/wma.ts';
import { Aroon, AroonOsc, aroon, aroonosc } from './trend/aroon.ts';
import { Adx, adx, adxLookback, Dx, dx, MinusDi, minusDi, PlusDi, plusDi } from './trend/dm.ts';
import { Ichimoku, ichimoku, ichimokuLookback } from './trend/ichimoku.ts';
import { LinReg, type LinRegPart, linreg } from './trend/linreg.ts';
import { Sar, sar } from './trend/sar.ts';
import { SuperTrend, supertrend } from './trend/supertrend.ts';
import type { IndicatorDefinition, IndicatorStream, InputName, OhlcvBar, OutputValues, ParamSpec, Params, SeriesInputs } from './types.ts';
import { Atr, atr, Natr, natr, TRange, trange } from './volatility/atr.ts';
import { Bbands, bbands, StdDev, stddev } from './volatility/bbands.ts';
import { Donchian, donchian } from './volatility/donchian.ts';
import { Keltner, keltner, keltnerLookback } from './volatility/keltner.ts';
import { Ad, AdOsc, ad, adosc, adoscLookback } from './volume/ad.ts';
import { Obv, obv } from './volume/obv.ts';
import { Vwap, vwap } from './volume/vwap.ts';

// ---- parameter specs -------------------------------------------------------------------------

function int<P extends string>(name: P, def: number, min: number, max: number, description: string): ParamSpec<P> {
  return { name, description, default: def, min, max, integer: true };
}
function real<P extends string>(name: P, def: number, min: number, max: number, description: string): ParamSpec<P> {
  return { name, description, default: def, min, max, integer: false };
}
const MAX_PERIOD = 100_000;
const period = (def: number, min = 2) => int('period', def, min, MAX_PERIOD, 'Number of bars in the window');

// ---- stream adapters: the registry's streams read whole OHLCV bars and report every output by name

class SingleOutput<I> implements IndicatorStream<'value'> {
  constructor(
    private readonly s: Stream<I, number>,
    private readonly read: (bar: OhlcvBar) => I,
  ) {}
  private wrap(v: number | null): OutputValues<'value'> | null {
    return v === null ? null : { value: v };
  }
  update(bar: OhlcvBar) {
    return this.wrap(this.s.update(this.read(bar)));
  }
  replace(bar: OhlcvBar) {
    return this.wrap(this.s.replace(this.read(bar)));
  }
  get value() {
    return this.wrap(this.s.value);
  }
  get count() {
    return this.s.count;
  }
}

class MultiOutput<I, O extends string> implements IndicatorStream<O> {
  constructor(
    private readonly s: Stream<I, OutputValues<O>>,
    private readonly read: (bar: OhlcvBar) => I,
  ) {}
  update(bar: OhlcvBar) {
    return this.s.update(this.read(bar));
  }
  replace(bar: OhlcvBar) {
    return this.s.replace(this.read(bar));
  }
  get value() {
    return this.s.value;
  }
  get count() {
    return this.s.count;
  }
}

const closeOf = (bar: OhlcvBar) => bar.close;
const barOf = (bar: OhlcvBar) => bar;
const single = <I>(s: Stream<I, number>, read: (bar: OhlcvBar) => I): IndicatorStream<'value'> => new SingleOutput(s, read);
const multi = <I, O extends string>(s: Stream<I, OutputValues<O>>, read: (bar: OhlcvBar) => I): IndicatorStream<O> =>
  new MultiOutput(s, read);

// ---- definitions ----------------------------------------------------------------------------

type Group = IndicatorDefinition['group'];
const C: readonly InputName[] = ['close'];
const HL: readonly InputName[] = ['high', 'low'];
const HLC: readonly InputName[] = ['high', 'low', 'close'];
const HLCV: readonly InputName[] = ['high', 'low', 'close', 'volume'];

function def<P extends string, O extends string>(d: {
  name: string;
  title: string;
  description: string;
  group: Group;
  inputs: readonly InputName[];
  optionalInputs?: readonly InputName[];
  params: readonly ParamSpec<P>[];
  outputs: readonly O[];
  talib: string | null;
  lookback: (p: Params<P>) => number;
  batch: (i: SeriesInputs, p: Params<P>) => { [K in O]: Float64Array };
  stream: (p: Params<P>) => IndicatorStream<O>;
}): IndicatorDefinition<P, O> {
  return Object.freeze({ optionalInputs: [], ...d });
}

const v = (value: Float64Array) => ({ value });
const c = (i: SeriesInputs) => input(i, 'close');
const h = (i: SeriesInputs) => input(i, 'high');
const l = (i: SeriesInputs) => input(i, 'low');
const vol = (i: SeriesInputs) => input(i, 'volume');

/** A close-only, single-parameter (`period`), single-output indicator. */
function closePeriod(
  name: string,
  title: string,
  description: string,
  group: Group,
  talib: string | null,
  periodSpec: ParamSpec<'period'>,
  lookback: (period: number) => number,
  batch: (close: Float64Array, period: number) => Float64Array,
  make: (period: number) => Stream<number, number>,
) {
  return def({
    name,
    title,
    description,
    group,
    inputs: C,
    params: [periodSpec],
    outputs: ['value'],
    talib,
    lookback: (p) => lookback(p.period),
    batch: (i, p) => v(batch(c(i), p.period)),
    stream: (p) => single(make(p.period), closeOf),
  });
}

/** A high/low/close, `period`, single-output indicator. */
function hlcPeriod(
  name: string,
  title: string,
  description: string,
  group: Group,
  talib: string | null,
  periodSpec: ParamSpec<'period'>,
  lookback: (period: number) => number,
  batch: (high: Float64Array, low: Float64Array, close: Float64Array, period: number) => Float64Array,
  make: (period: number) => Stream<OhlcvBar, number>,
) {
  return def({
    name,
    title,
    description,
    group,
    inputs: HLC,
    params: [periodSpec],
    outputs: ['value'],
    talib,
    lookback: (p) => lookback(p.period),
    batch: (i, p) => v(batch(h(i), l(i), c(i), p.period)),
    stream: (p) => single(make(p.period), barOf),
  });
}

const same = (period: number) => period;
const minus1 = (period: number) => period - 1;
const maType = int('maType', 0, 0, 1, 'Moving average: 0 = SMA (TA-Lib default), 1 = EMA');
/** PPO's and APO's: the two moving averages and their type. */
const priceOscillatorParams = [int('fast', 12, 2, MAX_PERIOD, 'Fast MA period'), int('slow', 26, 2, MAX_PERIOD, 'Slow MA period'), maType];

function linregDef(name: string, title: string, description: string, talib: string, part: LinRegPart) {
  return closePeriod(
    name,
    title,
    description,
    'trend',
    talib,
    period(14),
    minus1,
    (x, p) => linreg(x, p, part),
    (p) => new LinReg(p, part),
  );
}

/** Every indicator, in display order. */
export const indicators = [
  // moving averages
  closePeriod(
    'sma',
    'Simple Moving Average',
    'Arithmetic mean of the last `period` closes.',
    'moving-average',
    'SMA',
    period(20, 1),
    minus1,
    sma,
    (p) => new Sma(p),
  ),
  closePeriod(
    'ema',
    'Exponential Moving Average',
    'EMA with k = 2/(period+1), seeded with the SMA of the first `period` closes.',
    'moving-average',
    'EMA',
    period(20, 1),
    minus1,
    ema,
    (p) => new Ema(p),
  ),
  closePeriod(
    'wma',
    'Weighted Moving Average',
    'Linearly weighted average, newest close heaviest.',
    'moving-average',
    'WMA',
    period(20),
    minus1,
    wma,
    (p) => new Wma(p),
  ),
  closePeriod(
    'dema',
    'Double Exponential Moving Average',
    '2*EMA - EMA(EMA): less lag than an EMA.',
    'moving-average',
    'DEMA',
    period(20),
    demaLookback,
    dema,
    (p) => new Dema(p),
  ),
  closePeriod(
    'tema',
    'Triple Exponential Moving Average',
    '3*EMA - 3*EMA(EMA) + EMA(EMA(EMA)).',
    'moving-average',
    'TEMA',
    period(20),
    temaLookback,
    tema,
    (p) => new Tema(p),
  ),
  closePeriod(
    'trima',
    'Triangular Moving Average',
    'SMA of an SMA: weights rise then fall across the window.',
    'moving-average',
    'TRIMA',
    period(20),
    minus1,
    trima,
    (p) => new Trima(p),
  ),
  closePeriod(
    'kama',
    'Kaufman Adaptive Moving Average',
    'Smoothing adapts to the efficiency ratio of the move (2 to 30 bar EMA).',
    'moving-average',
    'KAMA',
    period(10),
    same,
    kama,
    (p) => new Kama(p),
  ),
  closePeriod(
    'hma',
    'Hull Moving Average',
    'WMA(2*WMA(n/2) - WMA(n), sqrt(n)): smooth with little lag.',
    'moving-average',
    null,
    period(20),
    hmaLookback,
    hma,
    (p) => new Hma(p),
  ),
  def({
    name: 'vwma',
    title: 'Volume-Weighted Moving Average',
    description: 'sum(close*volume)/sum(volume) over the window; the SMA when the window has no volume.',
    group: 'moving-average',
    inputs: ['close', 'volume'],
    params: [period(20, 1)],
    outputs: ['value'],
    talib: null,
    lookback: (p) => p.period - 1,
    batch: (i, p) => v(vwma(c(i), vol(i), p.period)),
    stream: (p) => single(new Vwma(p.period), barOf),
  }),
  def({
    name: 'vwap',
    title: 'Session VWAP',
    description: 'Volume-weighted average of the typical price since the session start (UTC day shifted by anchorMinutes).',
    group: 'volume',
    inputs: HLCV,
    optionalInputs: ['start'],
    params: [int('anchorMinutes', 0, 0, 1439, 'Session start in minutes after 00:00 UTC')],
    outputs: ['value'],
    talib: null,
    lookback: () => 0,
    batch: (i, p) => v(vwap(h(i), l(i), c(i), vol(i), i.start, p.anchorMinutes)),
    stream: (p) => single(new Vwap(p.anchorMinutes), barOf),
  }),
  // momentum
  def({
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
    batch: (i, p) => macd(c(i), p.fast, p.slow, p.signal),
    stream: (p) => multi(new Macd(p.fast, p.slow, p.signal), closeOf),
  }),
  def({
    name: 'ppo',
    title: 'Percentage Price Oscillator',
    description: '100 * (MA(fast) - MA(slow)) / MA(slow).',
    group: 'momentum',
    inputs: C,
    params: priceOscillatorParams,
    outputs: ['value'],
    talib: 'PPO',
    lookback: (p) => priceOscillatorLookback(p.fast, p.slow),
    batch: (i, p) => v(ppo(c(i), p.fast, p.slow, p.maType)),
    stream: (p) => single(new Ppo(p.fast, p.slow, p.maType), closeOf),
  }),
  def({
    name: 'apo',
    title: 'Absolute Price Oscillator',
    description: 'MA(fast) - MA(slow).',
    group: 'momentum',
    inputs: C,
    params: priceOscillatorParams,
    outputs: ['value'],
    talib: 'APO',
    lookback: (p) => priceOscillatorLookback(p.fast, p.slow),
    batch: (i, p) => v(apo(c(i), p.fast, p.slow, p.maType)),
    stream: (p) => single(new Apo(p.fast, p.slow, p.maType), closeOf),
  }),
  closePeriod(
    'rsi',
    'Relative Strength Index',
    "Wilder's RSI: 100 * average gain / (average gain + average loss).",
    'momentum',
    'RSI',
    period(14),
    same,
    rsi,
    (p) => new Rsi(p),
  ),
  def({
    name: 'stochrsi',
    title: 'Stochastic RSI',
    description: 'Fast stochastic of RSI(period): %K over kPeriod RSI values, %D = SMA(%K, dPeriod).',
    group: 'momentum',
    inputs: C,
    params: [period(14), int('kPeriod', 5, 1, MAX_PERIOD, '%K window over RSI values'), int('dPeriod', 3, 1, MAX_PERIOD, '%D smoothing')],
    outputs: ['k', 'd'],
    talib: 'STOCHRSI',
    lookback: (p) => stochrsiLookback(p.period, p.kPeriod, p.dPeriod),
    batch: (i, p) => stochrsi(c(i), p.period, p.kPeriod, p.dPeriod),
    stream: (p) => multi(new StochRsi(p.period, p.kPeriod, p.dPeriod), closeOf),
  }),
  def({
    name: 'stoch',
    title: 'Stochastic Oscillator (slow)',
    description: '%K = SMA(raw %K, kSmoothing), %D = SMA(%K, dPeriod); raw %K = position of the close in the kPeriod range.',
    group: 'momentum',
    inputs: HLC,
    params: [
      int('kPeriod', 14, 1, MAX_PERIOD, 'Raw %K window'),
      int('kSmoothing', 3, 1, MAX_PERIOD, '%K smoothing'),
      int('dPeriod', 3, 1, MAX_PERIOD, '%D smoothing'),
    ],
    outputs: ['k', 'd'],
    talib: 'STOCH',
    lookback: (p) => stochLookback(p.kPeriod, p.kSmoothing, p.dPeriod),
    batch: (i, p) => stoch(h(i), l(i), c(i), p.kPeriod, p.kSmoothing, p.dPeriod),
    stream: (p) => multi(new Stoch(p.kPeriod, p.kSmoothing, p.dPeriod), barOf),
  }),
  def({
    name: 'stochf',
    title: 'Stochastic Oscillator (fast)',
    description: '%K = raw %K over kPeriod, %D = SMA(%K, dPeriod).',
    group: 'momentum',
    inputs: HLC,
    params: [int('kPeriod', 14, 1, MAX_PERIOD, '%K window'), int('dPeriod', 3, 1, MAX_PERIOD, '%D smoothing')],
    outputs: ['k', 'd'],
    talib: 'STOCHF',
    lookback: (p) => stochfLookback(p.kPeriod, p.dPeriod),
    batch: (i, p) => stochf(h(i), l(i), c(i), p.kPeriod, p.dPeriod),
    stream: (p) => multi(new StochF(p.kPeriod, p.dPeriod), barOf),
  }),
  hlcPeriod(
    'willr',
    'Williams %R',
    '-100 * (highest high - close) / (highest high - lowest low).',
    'momentum',
    'WILLR',
    period(14, 1),
    minus1,
    willr,
    (p) => new WillR(p),
  ),
  hlcPeriod(
    'cci',
    'Commodity Channel Index',
    '(TP - SMA(TP)) / (0.015 * mean deviation), TP = (H+L+C)/3.',
    'momentum',
    'CCI',
    period(20),
    minus1,
    cci,
    (p) => new Cci(p),
  ),
  def({
    name: 'mfi',
    title: 'Money Flow Index',
    description: 'Volume-weighted RSI of the typical price.',
    group: 'momentum',
    inputs: HLCV,
    params: [period(14)],
    outputs: ['value'],
    talib: 'MFI',
    lookback: (p) => p.period,
    batch: (i, p) => v(mfi(h(i), l(i), c(i), vol(i), p.period)),
    stream: (p) => single(new Mfi(p.period), barOf),
  }),
  def({
    name: 'ultosc',
    title: 'Ultimate Oscillator',
    description: 'Buying pressure / true range over three horizons, weighted 4:2:1.',
    group: 'momentum',
    inputs: HLC,
    params: [
      int('period1', 7, 1, MAX_PERIOD, 'Shortest horizon'),
      int('period2', 14, 1, MAX_PERIOD, 'Middle horizon'),
      int('period3', 28, 1, MAX_PERIOD, 'Longest horizon'),
    ],
    outputs: ['value'],
    talib: 'ULTOSC',
    lookback: (p) => ultoscLookback(p.period1, p.period2, p.period3),
    batch: (i, p) => v(ultosc(h(i), l(i), c(i), p.period1, p.period2, p.period3)),
    stream: (p) => single(new UltOsc(p.period1, p.period2, p.period3), barOf),
  }),
  closePeriod(
    'cmo',
    'Chande Momentum Oscillator',
    '100 * (gain - loss) / (gain + loss), Wilder-smoothed as in TA-Lib.',
    'momentum',
    'CMO',
    period(14),
    same,
    cmo,
    (p) => new Cmo(p),
  ),
  closePeriod('mom', 'Momentum', 'close - close `period` bars ago.', 'momentum', 'MOM', period(10, 1), same, mom, (p) => new Mom(p)),
  closePeriod(
    'roc',
    'Rate of Change',
    '100 * (close / close `period` bars ago - 1).',
    'momentum',
    'ROC',
    period(10, 1),
    same,
    roc,
    (p) => new Roc(p),
  ),
  closePeriod(
    'trix',
    'TRIX',
    'One-bar rate of change (percent) of a triple EMA.',
    'momentum',
    'TRIX',
    period(30, 1),
    trixLookback,
    trix,
    (p) => new Trix(p),
  ),
  // trend
  def({
    name: 'adx',
    title: 'Average Directional Index',
    description: "Wilder's ADX with the +DI and -DI lines.",
    group: 'trend',
    inputs: HLC,
    params: [period(14)],
    outputs: ['adx', 'plusDi', 'minusDi'],
    talib: 'ADX',
    lookback: (p) => adxLookback(p.period),
    batch: (i, p) => adx(h(i), l(i), c(i), p.period),
    stream: (p) => multi(new Adx(p.period), barOf),
  }),
  hlcPeriod('dx', 'Directional Movement Index', '100 * |+DI - -DI| / (+DI + -DI).', 'trend', 'DX', period(14), same, dx, (p) => new Dx(p)),
  hlcPeriod(
    'plus_di',
    'Plus Directional Indicator',
    '+DI: smoothed upward movement over smoothed true range.',
    'trend',
    'PLUS_DI',
    period(14),
    same,
    plusDi,
    (p) => new PlusDi(p),
  ),
  hlcPeriod(
    'minus_di',
    'Minus Directional Indicator',
    '-DI: smoothed downward movement over smoothed true range.',
    'trend',
    'MINUS_DI',
    period(14),
    same,
    minusDi,
    (p) => new MinusDi(p),
  ),
  def({
    name: 'aroon',
    title: 'Aroon',
    description: 'Bars since the highest high / lowest low over the period, scaled to 0..100.',
    group: 'trend',
    inputs: HL,
    params: [period(14, 1)],
    outputs: ['up', 'down'],
    talib: 'AROON',
    lookback: (p) => p.period,
    batch: (i, p) => aroon(h(i), l(i), p.period),
    stream: (p) => multi(new Aroon(p.period), barOf),
  }),
  def({
    name: 'aroonosc',
    title: 'Aroon Oscillator',
    description: 'Aroon up - Aroon down.',
    group: 'trend',
    inputs: HL,
    params: [period(14, 1)],
    outputs: ['value'],
    talib: 'AROONOSC',
    lookback: (p) => p.period,
    batch: (i, p) => v(aroonosc(h(i), l(i), p.period)),
    stream: (p) => single(new AroonOsc(p.period), barOf),
  }),
  def({
    name: 'sar',
    title: 'Parabolic SAR',
    description: "Wilder's stop-and-reverse: a trailing stop that accelerates towards the extreme point.",
    group: 'trend',
    inputs: HL,
    params: [real('acceleration', 0.02, 0.0001, 1, 'Acceleration factor step'), real('maximum', 0.2, 0.0001, 1, 'Acceleration factor cap')],
    outputs: ['value'],
    talib: 'SAR',
    lookback: () => 1,
    batch: (i, p) => v(sar(h(i), l(i), p.acceleration, p.maximum)),
    stream: (p) => single(new Sar(p.acceleration, p.maximum), barOf),
  }),
  linregDef(
    'linearreg',
    'Linear Regression',
    'End point of the least-squares line through the last `period` closes.',
    'LINEARREG',
    'value',
  ),
  linregDef('linearreg_slope', 'Linear Regression Slope', 'Slope per bar of the least-squares line.', 'LINEARREG_SLOPE', 'slope'),
  linregDef('linearreg_angle', 'Linear Regression Angle', 'Angle in degrees of the least-squares line.', 'LINEARREG_ANGLE', 'angle'),
  linregDef(
    'linearreg_intercept',
    'Linear Regression Intercept',
    'The least-squares line at the oldest bar of the window.',
    'LINEARREG_INTERCEPT',
    'intercept',
  ),
  linregDef('tsf', 'Time Series Forecast', 'The least-squares line extended one bar ahead.', 'TSF', 'forecast'),
  def({
    name: 'supertrend',
    title: 'SuperTrend',
    description: 'ATR bands around (high+low)/2 that trail the trend; direction 1 up, -1 down.',
    group: 'trend',
    inputs: HLC,
    params: [period(10, 1), real('multiplier', 3, 0.01, 100, 'ATR multiple')],
    outputs: ['value', 'direction'],
    talib: null,
    lookback: (p) => p.period,
    batch: (i, p) => supertrend(h(i), l(i), c(i), p.period, p.multiplier),
    stream: (p) => multi(new SuperTrend(p.period, p.multiplier), barOf),
  }),
  def({
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
    batch: (i, p) => ichimoku(h(i), l(i), p.conversion, p.base, p.spanB, p.displacement),
    stream: (p) => multi(new Ichimoku(p.conversion, p.base, p.spanB, p.displacement), barOf),
  }),
  // volatility
  hlcPeriod('atr', 'Average True Range', "Wilder's smoothed true range.", 'volatility', 'ATR', period(14, 1), same, atr, (p) => new Atr(p)),
  hlcPeriod(
    'natr',
    'Normalized Average True Range',
    '100 * ATR / close.',
    'volatility',
    'NATR',
    period(14),
    same,
    natr,
    (p) => new Natr(p),
  ),
  def({
    name: 'trange',
    title: 'True Range',
    description: 'max(high, previous close) - min(low, previous close).',
    group: 'volatility',
    inputs: HLC,
    params: [],
    outputs: ['value'],
    talib: 'TRANGE',
    lookback: () => 1,
    batch: (i) => v(trange(h(i), l(i), c(i))),
    stream: () => single(new TRange(), barOf),
  }),
  def({
    name: 'bbands',
    title: 'Bollinger Bands',
    description: 'SMA(period) +/- stdDev population standard deviations.',
    group: 'volatility',
    inputs: C,
    params: [period(20), real('stdDev', 2, 0.01, 100, 'Band width in standard deviations')],
    outputs: ['upper', 'middle', 'lower'],
    talib: 'BBANDS',
    lookback: (p) => p.period - 1,
    batch: (i, p) => bbands(c(i), p.period, p.stdDev),
    stream: (p) => multi(new Bbands(p.period, p.stdDev), closeOf),
  }),
  def({
    name: 'keltner',
    title: 'Keltner Channels',
    description: 'EMA(period) +/- multiplier * ATR(atrPeriod).',
    group: 'volatility',
    inputs: HLC,
    params: [period(20), real('multiplier', 2, 0.01, 100, 'ATR multiple'), int('atrPeriod', 10, 1, MAX_PERIOD, 'ATR period')],
    outputs: ['upper', 'middle', 'lower'],
    talib: null,
    lookback: (p) => keltnerLookback(p.period, p.atrPeriod),
    batch: (i, p) => keltner(h(i), l(i), c(i), p.period, p.multiplier, p.atrPeriod),
    stream: (p) => multi(new Keltner(p.period, p.multiplier, p.atrPeriod), barOf),
  }),
  def({
    name: 'donchian',
    title: 'Donchian Channels',
    description: 'Highest high, lowest low and their midpoint over the period.',
    group: 'volatility',
    inputs: HL,
    params: [period(20, 1)],
    outputs: ['upper', 'middle', 'lower'],
    talib: null,
    lookback: (p) => p.period - 1,
    batch: (i, p) => donchian(h(i), l(i), p.period),
    stream: (p) => multi(new Donchian(p.period), barOf),
  }),
  def({
    name: 'stddev',
    title: 'Standard Deviation',
    description: 'Population standard deviation of the closes times nbDev.',
    group: 'volatility',
    inputs: C,
    params: [period(20), real('nbDev', 1, 0.01, 100, 'Multiplier')],
    outputs: ['value'],
    talib: 'STDDEV',
    lookback: (p) => p.period - 1,
    batch: (i, p) => v(stddev(c(i), p.period, p.nbDev)),
    stream: (p) => single(new StdDev(p.period, p.nbDev), closeOf),
  }),
  // volume
  def({
    name: 'obv',
    title: 'On-Balance Volume',
    description: 'Running sum of volume signed by the close-to-close direction, from the first volume.',
    group: 'volume',
    inputs: ['close', 'volume'],
    params: [],
    outputs: ['value'],
    talib: 'OBV',
    lookback: () => 0,
    batch: (i) => v(obv(c(i), vol(i))),
    stream: () => single(new Obv(), barOf),
  }),
  def({
    name: 'ad',
    title: 'Chaikin A/D Line',
    description: 'Running sum of close-location-weighted volume.',
    group: 'volume',
    inputs: HLCV,
    params: [],
    outputs: ['value'],
    talib: 'AD',
    lookback: () => 0,
    batch: (i) => v(ad(h(i), l(i), c(i), vol(i))),
    stream: () => single(new Ad(), barOf),
  }),
  def({
    name: 'adosc',
    title: 'Chaikin A/D Oscillator',
    description: 'EMA(fast) - EMA(slow) of the A/D line.',
    group: 'volume',
    inputs: HLCV,
    params: [int('fast', 3, 2, MAX_PERIOD, 'Fast EMA period'), int('slow', 10, 2, MAX_PERIOD, 'Slow EMA period')],
    outputs: ['value'],
    talib: 'ADOSC',
    lookback: (p) => adoscLookback(p.fast, p.slow),
    batch: (i, p) => v(adosc(h(i), l(i), c(i), vol(i), p.fast, p.slow)),
    stream: (p) => single(new AdOsc(p.fast, p.slow), barOf),
  }),
] as const;

export type AnyIndicator = (typeof indicators)[number];
export type IndicatorName = AnyIndicator['name'];

const byName = new Map<string, IndicatorDefinition>(indicators.map((d) => [d.name, d as unknown as IndicatorDefinition]));

/** The definition named `name` (lower-case id), or undefined. */
export function getIndicator(name: string): IndicatorDefinition | undefined {
  return byName.get(name);
}

/** Named error for a bad indicator request; `code` is stable for mapping to HTTP 400. */
export class IndicatorParamError extends Error {
  override readonly name = 'IndicatorParamError';
  constructor(
    readonly code: 'unknown_indicator' | 'unknown_param' | 'param_out_of_range' | 'param_not_integer',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Fills defaults and checks ranges: the way a caller (the HTTP service) turns user parameters into
 * the `Params` that `lookback`, `batch` and `stream` take. Throws IndicatorParamError naming the valid ones.
 */
export function resolveParams(def: IndicatorDefinition, given: Readonly<Record<string, number>> = {}): Params<string> {
  const valid = def.params.map((p) => p.name);
  for (const key of Object.keys(given)) {
    if (!valid.includes(key)) {
      throw new IndicatorParamError('unknown_param', `${def.name} has no parameter '${key}'; valid: ${valid.join(', ') || '(none)'}`);
    }
  }
  const out: Record<string, number> = {};
  for (const spec of def.params) {
    const value = given[spec.name] ?? spec.default;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max) {
      throw new IndicatorParamError('param_out_of_range', `${def.name}.${spec.name} must be a number in [${spec.min}, ${spec.max}]`);
    }
    if (spec.integer && !Number.isInteger(value)) {
      throw new IndicatorParamError('param_not_integer', `${def.name}.${spec.name} must be an integer`);
    }
    out[spec.name] = value;
  }
  return out;
}

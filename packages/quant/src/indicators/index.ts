/**
 * @bourse/quant/indicators: technical indicators as batch functions over Float64Array columns and
 * as streaming classes (`update` a bar, `replace` the last bar), each with the definition that describes
 * it to the registry. Pure TypeScript, no runtime dependency; TA-Lib's definitions where TA-Lib has them.
 */
export type {
  HlBar,
  HlcBar,
  HlcvBar,
  IndicatorDefinition,
  IndicatorStream,
  InputName,
  OhlcvBar,
  OutputValues,
  ParamSpec,
  Params,
  SeriesInputs,
} from './types.ts';
export type { Stream } from './internal/stream.ts';
export { type AnyIndicator, getIndicator, IndicatorParamError, type IndicatorName, indicators, resolveParams } from './registry.ts';

export { Dema, dema, demaLookback } from './moving-averages/dema.ts';
export { Ema, ema, emaLookback } from './moving-averages/ema.ts';
export { Hma, hma, hmaLookback } from './moving-averages/hma.ts';
export { Kama, kama, kamaLookback } from './moving-averages/kama.ts';
export { Sma, sma, smaLookback } from './moving-averages/sma.ts';
export { Tema, tema, temaLookback } from './moving-averages/tema.ts';
export { Trima, trima, trimaLookback } from './moving-averages/trima.ts';
export { Vwma, vwma, vwmaLookback } from './moving-averages/vwma.ts';
export { Wma, wma, wmaLookback } from './moving-averages/wma.ts';

export { Mom, mom, momLookback, Roc, roc, rocLookback } from './momentum/change.ts';
export { Cci, cci, cciLookback } from './momentum/cci.ts';
export { Cmo, cmo, cmoLookback } from './momentum/cmo.ts';
export { Macd, type MacdOutput, type MacdValue, macd, macdLookback } from './momentum/macd.ts';
export { Mfi, mfi, mfiLookback } from './momentum/mfi.ts';
export { Apo, apo, Ppo, type PriceOscillatorMa, ppo, priceOscillatorLookback } from './momentum/price-oscillator.ts';
export { Rsi, rsi, rsiLookback } from './momentum/rsi.ts';
export { Stoch, StochF, type StochOutput, type StochValue, stoch, stochf, stochfLookback, stochLookback } from './momentum/stoch.ts';
export { StochRsi, stochrsi, stochrsiLookback } from './momentum/stochrsi.ts';
export { Trix, trix, trixLookback } from './momentum/trix.ts';
export { UltOsc, ultosc, ultoscLookback } from './momentum/ultosc.ts';
export { WillR, willr, willrLookback } from './momentum/willr.ts';

export { Aroon, AroonOsc, type AroonOutput, type AroonValue, aroon, aroonLookback, aroonosc, aroonoscLookback } from './trend/aroon.ts';
export { Adx, type AdxOutput, type AdxValue, adx, adxLookback, Dx, dmLookback, dx, MinusDi, minusDi, PlusDi, plusDi } from './trend/dm.ts';
export { Ichimoku, type IchimokuOutput, type IchimokuValue, ichimoku, ichimokuLookback } from './trend/ichimoku.ts';
export { LinReg, type LinRegPart, linreg, linregLookback } from './trend/linreg.ts';
export { Sar, sar, sarLookback } from './trend/sar.ts';
export { SuperTrend, type SuperTrendOutput, type SuperTrendValue, supertrend, supertrendLookback } from './trend/supertrend.ts';

export { Atr, atr, atrLookback, Natr, natr, natrLookback, TRange, trange, trangeLookback, trueRange } from './volatility/atr.ts';
export { type BandsOutput, Bbands, type BbandsValue, bbands, bbandsLookback, StdDev, stddev, stddevLookback } from './volatility/bbands.ts';
export { Donchian, donchian, donchianLookback } from './volatility/donchian.ts';
export { Keltner, keltner, keltnerLookback } from './volatility/keltner.ts';

export { Ad, AdOsc, ad, adLookback, adosc, adoscLookback } from './volume/ad.ts';
export { Obv, obv, obvLookback } from './volume/obv.ts';
export { Vwap, vwap, vwapLookback } from './volume/vwap.ts';

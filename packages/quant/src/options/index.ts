export {
  atmStraddle,
  type ChainStrike,
  gammaExposureByStrike,
  maxPain,
  type PutCallRatio,
  putCallRatio,
  riskReversalAndButterfly,
  type SmilePoint,
} from './chain.ts';
export {
  black76ImpliedVol,
  bsmImpliedVol,
  bsmImpliedVolOrCode,
  type ImpliedVolFailureReason,
  type ImpliedVolResult,
  impliedStdDevOrCode,
  normalisedImpliedVolatility,
} from './implied-vol.ts';
export { erfc, erfcx, inverseNormCdf, normCdf, normPdf } from './normal.ts';
export { normalisedBlackCall, normalisedBlackCallAndVega, normalisedVega } from './normalised-black.ts';
export { black76Price, bsmPrice, type PricingInput, type PricingModel, priceAndGreeks, priceAndGreeksInto } from './pricing.ts';
export { type SurfaceSlice, type SviParams, surfaceVolatility, sviButterflyArbitrage, sviImpliedVol, sviTotalVariance } from './surface.ts';
export { GREEKS_STRIDE, type Greeks, GreekIndex, type OptionType } from './types.ts';

import { cciIndicator } from './momentum/cci.ts';
import { momIndicator, rocIndicator } from './momentum/change.ts';
import { cmoIndicator } from './momentum/cmo.ts';
import { macdIndicator } from './momentum/macd.ts';
import { mfiIndicator } from './momentum/mfi.ts';
import { apoIndicator, ppoIndicator } from './momentum/price-oscillator.ts';
import { rsiIndicator } from './momentum/rsi.ts';
import { stochfIndicator, stochIndicator } from './momentum/stoch.ts';
import { stochrsiIndicator } from './momentum/stochrsi.ts';
import { trixIndicator } from './momentum/trix.ts';
import { ultoscIndicator } from './momentum/ultosc.ts';
import { willrIndicator } from './momentum/willr.ts';
import { demaIndicator } from './moving-averages/dema.ts';
import { emaIndicator } from './moving-averages/ema.ts';
import { hmaIndicator } from './moving-averages/hma.ts';
import { kamaIndicator } from './moving-averages/kama.ts';
import { smaIndicator } from './moving-averages/sma.ts';
import { temaIndicator } from './moving-averages/tema.ts';
import { trimaIndicator } from './moving-averages/trima.ts';
import { vwmaIndicator } from './moving-averages/vwma.ts';
import { wmaIndicator } from './moving-averages/wma.ts';
import { aroonIndicator, aroonoscIndicator } from './trend/aroon.ts';
import { adxIndicator, dxIndicator, minusDiIndicator, plusDiIndicator } from './trend/dm.ts';
import { ichimokuIndicator } from './trend/ichimoku.ts';
import {
  linearregAngleIndicator,
  linearregIndicator,
  linearregInterceptIndicator,
  linearregSlopeIndicator,
  tsfIndicator,
} from './trend/linreg.ts';
import { sarIndicator } from './trend/sar.ts';
import { supertrendIndicator } from './trend/supertrend.ts';
import type { IndicatorDefinition, Params } from './types.ts';
import { atrIndicator, natrIndicator, trangeIndicator } from './volatility/atr.ts';
import { bbandsIndicator, stddevIndicator } from './volatility/bbands.ts';
import { donchianIndicator } from './volatility/donchian.ts';
import { keltnerIndicator } from './volatility/keltner.ts';
import { adIndicator, adoscIndicator } from './volume/ad.ts';
import { obvIndicator } from './volume/obv.ts';
import { vwapIndicator } from './volume/vwap.ts';

/**
 * The indicators the API serves. Each one describes itself (parameters, outputs, lookback, batch and
 * streaming forms) beside its code; this list only fixes which are served and in what order they are shown.
 */
export const indicators = [
  // moving averages
  smaIndicator,
  emaIndicator,
  wmaIndicator,
  demaIndicator,
  temaIndicator,
  trimaIndicator,
  kamaIndicator,
  hmaIndicator,
  vwmaIndicator,
  vwapIndicator,
  // momentum
  macdIndicator,
  ppoIndicator,
  apoIndicator,
  rsiIndicator,
  stochrsiIndicator,
  stochIndicator,
  stochfIndicator,
  willrIndicator,
  cciIndicator,
  mfiIndicator,
  ultoscIndicator,
  cmoIndicator,
  momIndicator,
  rocIndicator,
  trixIndicator,
  // trend
  adxIndicator,
  dxIndicator,
  plusDiIndicator,
  minusDiIndicator,
  aroonIndicator,
  aroonoscIndicator,
  sarIndicator,
  linearregIndicator,
  linearregSlopeIndicator,
  linearregAngleIndicator,
  linearregInterceptIndicator,
  tsfIndicator,
  supertrendIndicator,
  ichimokuIndicator,
  // volatility
  atrIndicator,
  natrIndicator,
  trangeIndicator,
  bbandsIndicator,
  keltnerIndicator,
  donchianIndicator,
  stddevIndicator,
  // volume
  obvIndicator,
  adIndicator,
  adoscIndicator,
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

import {
  black76ImpliedVol,
  bsmImpliedVol,
  GREEKS_STRIDE,
  type ImpliedVolFailureReason,
  type ImpliedVolResult,
  priceAndGreeksInto,
} from '@bourse/quant/options';
import type { Static } from 'typebox';
import type { IvInput, PriceInput, PriceOutput } from './schemas.ts';

/** The calculators behind POST /options/price and /options/implied-vol. */

export const REASONS: Record<ImpliedVolFailureReason, string> = {
  below_intrinsic: 'the price is below the intrinsic value',
  above_upper_bound: 'the price is at or above the no-arbitrage upper bound',
  no_time_value: 'the price has no time value left in double precision',
};

const out = new Float64Array(GREEKS_STRIDE);

export function price(input: Static<typeof PriceInput>): Static<typeof PriceOutput> {
  const black76 = input.model === 'black76';
  priceAndGreeksInto(
    out,
    0,
    input.type === 'call',
    input.spot,
    input.strike,
    input.timeToExpiry,
    input.volatility,
    input.rate,
    black76 ? 0 : input.dividendYield,
    black76,
  );
  return {
    price: out[0]!,
    delta: out[1]!,
    gamma: out[2]!,
    vega: out[3]!,
    theta: out[4]!,
    thetaPerDay: out[5]!,
    rho: out[6]!,
    vanna: out[7]!,
    volga: out[8]!,
    charm: out[9]!,
  };
}

export function impliedVol(input: Static<typeof IvInput>): ImpliedVolResult {
  return input.model === 'black76'
    ? black76ImpliedVol(input.type, input.price, input.spot, input.strike, input.timeToExpiry, input.rate)
    : bsmImpliedVol(input.type, input.price, input.spot, input.strike, input.timeToExpiry, input.rate, input.dividendYield);
}

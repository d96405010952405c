import {
  black76ImpliedVol,
  bsmImpliedVol,
  type ImpliedVolFailureReason,
  type ImpliedVolResult,
  priceAndGreeks,
} from '@bourse/quant/options';
import type { Static } from 'typebox';
import type { IvInput, PriceInput, PriceOutput } from './schemas.ts';

/** The calculators behind POST /options/price and /options/implied-vol. */

export const REASONS: Record<ImpliedVolFailureReason, string> = {
  below_intrinsic: 'the price is below the intrinsic value',
  above_upper_bound: 'the price is at or above the no-arbitrage upper bound',
  no_time_value: 'the price has no time value left in double precision',
};

export function price(input: Static<typeof PriceInput>): Static<typeof PriceOutput> {
  return priceAndGreeks(input);
}

export function impliedVol(input: Static<typeof IvInput>): ImpliedVolResult {
  return input.model === 'black76'
    ? black76ImpliedVol(input.type, input.price, input.spot, input.strike, input.timeToExpiry, input.rate)
    : bsmImpliedVol(input.type, input.price, input.spot, input.strike, input.timeToExpiry, input.rate, input.dividendYield);
}

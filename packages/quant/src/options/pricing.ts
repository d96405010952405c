// European option prices and greeks under Black-Scholes-Merton (spot, rate r, continuous dividend yield q) and
// Black-76 (options on futures and forwards, discounted at r). Both are the generalised Black-Scholes model of
// Haug ("The Complete Guide to Option Pricing Formulas", 2nd ed., ch. 1-2) with cost of carry b = r − q for BSM and
// b = 0 for Black-76; the greek formulas below are Haug's, in our units:
//   vega per 1.00 of volatility, rho per 1.00 of rate, theta and charm per year of calendar time (∂/∂t = −∂/∂T).
// Black-76 rho holds the forward fixed (only the discount factor moves), so it is −T·V.

import { erfcxPositive, erfSmallOverX, ONE_OVER_SQRT_TWO, ONE_OVER_SQRT_TWO_PI, SQRT_TWO_PI } from './normal.ts';
import { undiscountedBlack } from './normalised-black.ts';
import { GREEKS_STRIDE, type Greeks, type OptionType } from './types.ts';

export type PricingModel = 'bsm' | 'black76';

/** One option to price, as the options API receives it. For Black-76, `spot` is the forward or futures price. */
export interface PricingInput {
  type: OptionType;
  spot: number;
  strike: number;
  /** Years. */
  timeToExpiry: number;
  volatility: number;
  rate: number;
  /** Continuous dividend yield (BSM only). */
  dividendYield?: number;
  model?: PricingModel;
}

/** Φ(d) given φ(d): Cody's rational erf / erfcx with the Gaussian factor supplied, so no further exponential is needed. */
function normCdfWithPdf(d: number, pdf: number): number {
  const z = d * ONE_OVER_SQRT_TWO;
  const y = Math.abs(z);
  if (y <= 0.46875) return 0.5 + 0.5 * z * erfSmallOverX(y * y);
  const lowerTail = 0.5 * SQRT_TWO_PI * pdf * erfcxPositive(y);
  return d < 0 ? lowerTail : 1 - lowerTail;
}

/**
 * Price and all greeks into out[offset .. offset+9] in the order of GreekIndex. One log, one square root and three
 * exponentials per option: φ(d2) follows from φ(d1) through S·e^{(b−r)T}·φ(d1) = K·e^{−rT}·φ(d2), and both normal
 * CDFs reuse the densities. `carryDiscount` = e^{(b−r)T} is e^{−qT} for BSM and e^{−rT} for Black-76.
 */
export function priceAndGreeksInto(
  out: Float64Array,
  offset: number,
  isCall: boolean,
  underlying: number,
  strike: number,
  timeToExpiry: number,
  volatility: number,
  rate: number,
  dividendYield: number,
  black76: boolean,
): void {
  const t = timeToExpiry;
  const carry = black76 ? 0 : rate - dividendYield;
  const discount = Math.exp(-rate * t);
  const carryDiscount = black76 ? discount : Math.exp(-dividendYield * t);
  const sqrtT = Math.sqrt(t);
  const stdDev = volatility * sqrtT;
  const sign = isCall ? 1 : -1;
  if (!(stdDev > 0)) {
    // Expired or zero volatility: the discounted intrinsic value of the forward, a step delta, no convexity.
    const forward = (underlying * carryDiscount) / discount;
    const itm = sign * (forward - strike) > 0;
    out[offset] = itm ? sign * (underlying * carryDiscount - strike * discount) : 0;
    out[offset + 1] = itm ? sign * carryDiscount : 0;
    for (let i = 2; i < GREEKS_STRIDE; i++) out[offset + i] = 0;
    return;
  }
  const d1 = (Math.log(underlying / strike) + (carry + 0.5 * volatility * volatility) * t) / stdDev;
  const d2 = d1 - stdDev;
  const pdf1 = ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * d1 * d1);
  const sDisc = underlying * carryDiscount;
  const kDisc = strike * discount;
  const pdf2 = (pdf1 * sDisc) / kDisc;
  // N(±d1), N(±d2) with the sign of the option: calls use N(d), puts N(−d).
  const nd1 = normCdfWithPdf(sign * d1, pdf1);
  const nd2 = normCdfWithPdf(sign * d2, pdf2);
  const price = sign * (sDisc * nd1 - kDisc * nd2);
  const delta = sign * carryDiscount * nd1;
  const sPdf = sDisc * pdf1;
  const gamma = (carryDiscount * pdf1) / (underlying * stdDev);
  const vega = sPdf * sqrtT;
  const decay = (-sPdf * volatility) / (2 * sqrtT);
  // Haug: theta = −S·e^{(b−r)T}·φ(d1)·σ/(2√T) ∓ (b−r)·S·e^{(b−r)T}·N(±d1) ∓ r·K·e^{−rT}·N(±d2).
  const theta = decay - sign * (carry - rate) * sDisc * nd1 - sign * rate * kDisc * nd2;
  const rho = black76 ? -t * price : sign * t * kDisc * nd2;
  const vanna = (-carryDiscount * pdf1 * d2) / volatility;
  const volga = (vega * d1 * d2) / volatility;
  // charm = −∂Δ/∂T = −e^{(b−r)T}·[φ(d1)·(b/(σ√T) − d2/(2T)) ± (b−r)·N(±d1)]
  const charm = -carryDiscount * (pdf1 * (carry / stdDev - d2 / (2 * t)) + sign * (carry - rate) * nd1);
  out[offset] = price;
  out[offset + 1] = delta;
  out[offset + 2] = gamma;
  out[offset + 3] = vega;
  out[offset + 4] = theta;
  out[offset + 5] = theta / 365;
  out[offset + 6] = rho;
  out[offset + 7] = vanna;
  out[offset + 8] = volga;
  out[offset + 9] = charm;
}

const scratch = new Float64Array(GREEKS_STRIDE);

/** Price and all greeks of one option into `out` (a fresh object when omitted). */
export function priceAndGreeks(input: PricingInput, out?: Greeks): Greeks {
  const black76 = input.model === 'black76';
  priceAndGreeksInto(
    scratch,
    0,
    input.type === 'call',
    input.spot,
    input.strike,
    input.timeToExpiry,
    input.volatility,
    input.rate,
    black76 ? 0 : (input.dividendYield ?? 0),
    black76,
  );
  const g = out ?? ({} as Greeks);
  g.price = scratch[0]!;
  g.delta = scratch[1]!;
  g.gamma = scratch[2]!;
  g.vega = scratch[3]!;
  g.theta = scratch[4]!;
  g.thetaPerDay = scratch[5]!;
  g.rho = scratch[6]!;
  g.vanna = scratch[7]!;
  g.volga = scratch[8]!;
  g.charm = scratch[9]!;
  return g;
}

/**
 * Black-Scholes-Merton price, evaluated through the normalised Black function so that far out-of-the-money prices
 * keep full relative precision (this is the price implied volatility inverts).
 */
export function bsmPrice(
  type: OptionType,
  spot: number,
  strike: number,
  timeToExpiry: number,
  volatility: number,
  rate: number,
  dividendYield: number,
): number {
  const discount = Math.exp(-rate * timeToExpiry);
  const forward = spot * Math.exp((rate - dividendYield) * timeToExpiry);
  return discount * undiscountedBlack(type === 'call', forward, strike, volatility * Math.sqrt(timeToExpiry));
}

/** Black-76 price of an option on a forward or future, discounted at `rate`. */
export function black76Price(
  type: OptionType,
  forward: number,
  strike: number,
  timeToExpiry: number,
  volatility: number,
  rate: number,
): number {
  return Math.exp(-rate * timeToExpiry) * undiscountedBlack(type === 'call', forward, strike, volatility * Math.sqrt(timeToExpiry));
}

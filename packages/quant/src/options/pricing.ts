// European option prices and greeks under Black-Scholes-Merton (spot, rate r, continuous dividend yield q) and
// Black-76 (options on futures and forwards, discounted at r). Both are the generalised Black-Scholes model of
// Haug ("The Complete Guide to Option Pricing Formulas", 2nd ed., ch. 1-2) with cost of carry b = r − q for BSM and
// b = 0 for Black-76; the greek formulas below are Haug's, in our units:
//   vega per 1.00 of volatility, rho per 1.00 of rate, theta and charm per year of calendar time (∂/∂t = −∂/∂T).
// Black-76 rho holds the forward fixed (only the discount factor moves), so it is −T·V.

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

// Module-local copies of the constants and of Cody's rational approximations (normal.ts) so the hot function
// below stays one self-contained, fully inlined body: no cross-module bindings, no calls, no allocation.
const INV_SQRT_2PI = 0.3989422804014327;
const HALF_SQRT_2PI = 0.5 * 2.5066282746310002;

/**
 * Φ(d) given φ(d): Cody's rational erf for |d|/√2 ≤ 0.46875, else his erfcx (normal.ts erfcxPositive) with the
 * Gaussian factor supplied, for the lower tail ½·√(2π)·φ(d)·erfcx(|d|/√2). (A branch-free variant that evaluated
 * both and selected by 0/1 weights measured slower.)
 */
function normCdfWithPdf(d: number, pdf: number): number {
  const z = d * Math.SQRT1_2;
  const y = Math.abs(z);
  const y2 = y * y;
  if (y <= 0.46875) {
    const num =
      (((0.18577770618460315 * y2 + 3.1611237438705655) * y2 + 113.86415415105016) * y2 + 377.485237685302) * y2 + 3209.3775891384694;
    const den = (((y2 + 23.601290952344122) * y2 + 244.02463793444417) * y2 + 1282.6165260773723) * y2 + 2844.236833439171;
    return 0.5 + 0.5 * z * (num / den);
  }
  let erfcxY: number;
  if (y <= 4) {
    let num = 2.1531153547440383e-8 * y + 0.5641884969886701;
    num = num * y + 8.883149794388377;
    num = num * y + 66.11919063714163;
    num = num * y + 298.6351381974001;
    num = num * y + 881.952221241769;
    num = num * y + 1712.0476126340707;
    num = num * y + 2051.0783778260716;
    num = num * y + 1230.3393547979972;
    let den = y + 15.744926110709835;
    den = den * y + 117.6939508913125;
    den = den * y + 537.1811018620099;
    den = den * y + 1621.3895745666903;
    den = den * y + 3290.7992357334597;
    den = den * y + 4362.619090143247;
    den = den * y + 3439.3676741437216;
    den = den * y + 1230.3393548037495;
    erfcxY = num / den;
  } else if (y >= 6.71e7) {
    erfcxY = 0.5641895835477563 / y;
  } else {
    const w = 1 / y2;
    const num =
      ((((0.016315387137302097 * w + 0.30532663496123236) * w + 0.36034489994980445) * w + 0.12578172611122926) * w +
        0.016083785148742275) *
        w +
      0.0006587491615298378;
    const den =
      ((((w + 2.568520192289822) * w + 1.8729528499234604) * w + 0.5279051029514285) * w + 0.06051834131244132) * w + 0.0023352049762686918;
    erfcxY = (0.5641895835477563 - (w * num) / den) / y;
  }
  const lowerTail = HALF_SQRT_2PI * pdf * erfcxY;
  return d < 0 ? lowerTail : 1 - lowerTail;
}

/**
 * Price and all greeks into out[offset .. offset+9] in the order of GreekIndex. One log, one square root and two
 * exponentials per option (a third only for a non-zero dividend yield): φ(d2) follows from φ(d1) through
 * S·e^{(b−r)T}·φ(d1) = K·e^{−rT}·φ(d2), and both normal CDFs reuse the densities. `carryDiscount` = e^{(b−r)T} is
 * e^{−qT} for BSM and e^{−rT} for Black-76. Calls and puts share one path through sign = ±1.
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
  const carryDiscount = black76 ? discount : dividendYield === 0 ? 1 : Math.exp(-dividendYield * t);
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
  // One division, its reciprocal reused (d1, 1/σ, gamma, charm): ~5% of the whole function.
  const invStdDev = 1 / stdDev;
  const d1 = (Math.log(underlying / strike) + (carry + 0.5 * volatility * volatility) * t) * invStdDev;
  const d2 = d1 - stdDev;
  const pdf1 = INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
  const sDisc = underlying * carryDiscount;
  const kDisc = strike * discount;
  const sPdf = sDisc * pdf1;
  const pdf2 = sPdf / kDisc;
  // N(±d1), N(±d2) with the sign of the option: calls use N(d), puts N(−d).
  const nd1 = normCdfWithPdf(sign * d1, pdf1);
  const nd2 = normCdfWithPdf(sign * d2, pdf2);
  const sNd1 = sign * sDisc * nd1;
  const kNd2 = sign * kDisc * nd2;
  const price = sNd1 - kNd2;
  const invVol = sqrtT * invStdDev;
  const vega = sPdf * sqrtT;
  const cPdf1 = carryDiscount * pdf1;
  // Haug: theta = −S·e^{(b−r)T}·φ(d1)·σ/(2√T) ∓ (b−r)·S·e^{(b−r)T}·N(±d1) ∓ r·K·e^{−rT}·N(±d2).
  const theta = (-0.5 * sPdf * volatility * sqrtT) / t - (carry - rate) * sNd1 - rate * kNd2;
  out[offset] = price;
  out[offset + 1] = sign * carryDiscount * nd1;
  out[offset + 2] = (cPdf1 * invStdDev) / underlying;
  out[offset + 3] = vega;
  out[offset + 4] = theta;
  out[offset + 5] = theta / 365;
  out[offset + 6] = black76 ? -t * price : t * kNd2;
  out[offset + 7] = -cPdf1 * d2 * invVol;
  out[offset + 8] = vega * d1 * d2 * invVol;
  // charm = −∂Δ/∂T = −e^{(b−r)T}·[φ(d1)·(b/(σ√T) − d2/(2T)) ± (b−r)·N(±d1)]
  out[offset + 9] = -carryDiscount * (pdf1 * (carry * invStdDev - (0.5 * d2) / t) + sign * (carry - rate) * nd1);
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

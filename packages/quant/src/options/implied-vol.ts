// Implied volatility by Peter Jäckel's "Let's Be Rational" (Wilmott, January 2015; www.jaeckel.org), written
// afresh in TypeScript from the paper. The price is reduced to the normalised out-of-the-money Black price β(x, s)
// with x = ln(F/K) ≤ 0; an initial guess comes from rational cubic interpolation on four branches (the outer two
// after a transformation that makes the price nearly linear in the guess), and two third-order Householder steps
// on a branch-specific objective then reach machine precision.
//
// A price that cannot be inverted is reported, never papered over with NaN or a clamp: below the intrinsic value,
// at or above the upper no-arbitrage bound (the forward for a call, the strike for a put), or with no time value
// left to invert in double precision.

import { inverseNormCdf, normCdf, normPdf } from './normal.ts';
import { logMoneyness, normalisedBlackCall, normalisedBlackCallAndVega, normalisedVega } from './normalised-black.ts';
import type { OptionType } from './types.ts';

export type ImpliedVolFailureReason = 'below_intrinsic' | 'above_upper_bound' | 'no_time_value';

export type ImpliedVolResult =
  | { readonly ok: true; readonly volatility: number }
  | { readonly ok: false; readonly reason: ImpliedVolFailureReason };

const BELOW_INTRINSIC: ImpliedVolResult = Object.freeze({ ok: false, reason: 'below_intrinsic' });
const ABOVE_UPPER_BOUND: ImpliedVolResult = Object.freeze({ ok: false, reason: 'above_upper_bound' });
const NO_TIME_VALUE: ImpliedVolResult = Object.freeze({ ok: false, reason: 'no_time_value' });

const DBL_EPSILON = Number.EPSILON;
const DBL_MIN = 2.2250738585072014e-308;
const SQRT_DBL_MAX = Math.sqrt(Number.MAX_VALUE);
const SQRT_THREE = Math.sqrt(3);
const TWO_PI = 2 * Math.PI;
const TWO_PI_OVER_SQRT_27 = TWO_PI / Math.sqrt(27);
const SQRT_PI_OVER_TWO = Math.sqrt(Math.PI / 2);
const RATIONAL_CUBIC_R_MIN = -(1 - Math.sqrt(DBL_EPSILON));
const RATIONAL_CUBIC_R_MAX = 2 / (DBL_EPSILON * DBL_EPSILON);

/** Two Householder(3) steps suffice from the rational guess (paper, section 5); the loop stops earlier at 1 ulp. */
const HOUSEHOLDER_ITERATIONS = 2;

// ---------------------------------------------------------------------------------------------------------------
// Rational cubic interpolation of Delbourgo & Gregory, "Shape preserving piecewise rational interpolation",
// SIAM J. Sci. Stat. Comput. 6 (1985): a cubic Hermite interpolant whose denominator 1 + (r−3)·t·(1−t) lets the
// control parameter r tune curvature, and whose large-r limit is linear interpolation.

function rationalCubic(x: number, xl: number, xr: number, yl: number, yr: number, dl: number, dr: number, r: number): number {
  const h = xr - xl;
  if (Math.abs(h) <= 0) return 0.5 * (yl + yr);
  const t = (x - xl) / h;
  if (r >= RATIONAL_CUBIC_R_MAX) return yr * t + yl * (1 - t);
  const omt = 1 - t;
  const t2 = t * t;
  const omt2 = omt * omt;
  return (yr * t2 * t + (r * yr - h * dr) * t2 * omt + (r * yl + h * dl) * t * omt2 + yl * omt2 * omt) / (1 + (r - 3) * t * omt);
}

/** Smallest r for which the interpolant keeps the monotonicity and convexity implied by the end slopes. */
function minimumControlParameter(dl: number, dr: number, slope: number): number {
  const monotonic = dl * slope >= 0 && dr * slope >= 0;
  const convex = dl <= slope && slope <= dr;
  const concave = dl >= slope && slope >= dr;
  if (!monotonic && !convex && !concave) return RATIONAL_CUBIC_R_MIN;
  let r1 = -Number.MAX_VALUE;
  let r2 = r1;
  if (monotonic) r1 = Math.abs(slope) >= DBL_MIN ? (dr + dl) / slope : RATIONAL_CUBIC_R_MAX;
  if (convex || concave) {
    const sMinusDl = slope - dl;
    const drMinusS = dr - slope;
    r2 =
      Math.abs(sMinusDl) < DBL_MIN || Math.abs(drMinusS) < DBL_MIN
        ? RATIONAL_CUBIC_R_MAX
        : Math.max(Math.abs((dr - dl) / drMinusS), Math.abs((dr - dl) / sMinusDl));
  } else if (monotonic) {
    r2 = RATIONAL_CUBIC_R_MAX;
  }
  return Math.max(RATIONAL_CUBIC_R_MIN, r1, r2);
}

/** Control parameter matching a given second derivative at the left (atLeft) or right end, but never below the shape-preserving minimum. */
function convexControlParameter(
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  secondDerivative: number,
  atLeft: boolean,
): number {
  const h = xr - xl;
  const slope = (yr - yl) / h;
  const numerator = 0.5 * h * secondDerivative + (dr - dl);
  const denominator = atLeft ? slope - dl : dr - slope;
  let r: number;
  if (Math.abs(numerator) < DBL_MIN) r = 0;
  else if (Math.abs(denominator) < DBL_MIN) r = numerator > 0 ? RATIONAL_CUBIC_R_MAX : RATIONAL_CUBIC_R_MIN;
  else r = numerator / denominator;
  return Math.max(r, minimumControlParameter(dl, dr, slope));
}

// ---------------------------------------------------------------------------------------------------------------
// Branch transformations. For very low prices, b ≈ f_lower(s) = (2π|x|/√27)·Φ(−|x|/(√3·s))³ makes β ↦ f nearly
// linear; near the upper bound, b_max − b ≈ f_upper(s) = Φ(−s/2) does the same. Both are invertible in closed form.

function lowerMap(x: number, s: number, out: Float64Array): void {
  const ax = Math.abs(x);
  const z = ax / (SQRT_THREE * s);
  const y = z * z;
  const s2 = s * s;
  const phiCdf = normCdf(-z);
  const phiPdf = normPdf(z);
  const phiCdf2 = phiCdf * phiCdf;
  out[0] = TWO_PI_OVER_SQRT_27 * ax * phiCdf2 * phiCdf;
  out[1] = TWO_PI * y * phiCdf2 * Math.exp(y + 0.125 * s2);
  out[2] =
    (((Math.PI / 6) * y) / (s2 * s)) *
    phiCdf *
    (8 * SQRT_THREE * s * ax + ((3 * s2 * (s2 - 8) - 8 * x * x) * phiCdf) / phiPdf) *
    Math.exp(2 * y + 0.25 * s2);
}

function inverseLowerMap(x: number, f: number): number {
  if (!(f > 0)) return 0;
  return Math.abs(x / (SQRT_THREE * inverseNormCdf(Math.cbrt(f / (TWO_PI_OVER_SQRT_27 * Math.abs(x))))));
}

function upperMap(x: number, s: number, out: Float64Array): void {
  out[0] = normCdf(-0.5 * s);
  if (x === 0) {
    out[1] = -0.5;
    out[2] = 0;
    return;
  }
  const w = (x / s) * (x / s);
  out[1] = -0.5 * Math.exp(0.5 * w);
  out[2] = (SQRT_PI_OVER_TWO * Math.exp(w + 0.125 * s * s) * w) / s;
}

const mapScratch = new Float64Array(3);
const vegaScratch = new Float64Array(1);

function householderFactor(newton: number, halley: number, hh3: number): number {
  return (1 + 0.5 * halley * newton) / (1 + newton * (halley + (hh3 * newton) / 6));
}

/**
 * s = σ√T such that b(x, s) = β, for x ≤ 0 and 0 < β < e^{x/2}. The iteration keeps a bracket and falls back to
 * bisection if a step leaves it, which in the paper's experience only happens for |x| > 500.
 */
export function normalisedImpliedVolatility(beta: number, x: number): number {
  const bMax = Math.exp(0.5 * x);
  const sc = Math.sqrt(Math.abs(2 * x));
  const bc = normalisedBlackCallAndVega(x, sc, vegaScratch);
  const vc = vegaScratch[0]!;
  let s: number;
  let sLeft = DBL_MIN;
  let sRight = Number.MAX_VALUE;
  // 0: objective b − β (middle branches); 1: 1/ln b − 1/ln β (lowest); 2: ln((b_max − β)/(b_max − b)) (highest).
  let objective = 0;
  if (beta < bc) {
    const sl = sc - bc / vc;
    const bl = normalisedBlackCall(x, sl);
    if (beta < bl) {
      lowerMap(x, sl, mapScratch);
      const fl = mapScratch[0]!;
      const dfl = mapScratch[1]!;
      const r = convexControlParameter(0, bl, 0, fl, 1, dfl, mapScratch[2]!, false);
      let f = rationalCubic(beta, 0, bl, 0, fl, 1, dfl, r);
      if (!(f > 0)) {
        // Round-off for extreme |x|: quadratic through f(0) = 0, f'(0) = 1 and f(b_l).
        const t = beta / bl;
        f = (fl * t + bl * (1 - t)) * t;
      }
      s = inverseLowerMap(x, f);
      sRight = sl;
      objective = 1;
    } else {
      const vl = normalisedVega(x, sl);
      const r = convexControlParameter(bl, bc, sl, sc, 1 / vl, 1 / vc, 0, false);
      s = rationalCubic(beta, bl, bc, sl, sc, 1 / vl, 1 / vc, r);
      sLeft = sl;
      sRight = sc;
    }
  } else {
    const sh = vc > DBL_MIN ? sc + (bMax - bc) / vc : sc;
    const bh = normalisedBlackCall(x, sh);
    if (beta <= bh) {
      const vh = normalisedVega(x, sh);
      const r = convexControlParameter(bc, bh, sc, sh, 1 / vc, 1 / vh, 0, true);
      s = rationalCubic(beta, bc, bh, sc, sh, 1 / vc, 1 / vh, r);
      sLeft = sc;
      sRight = sh;
    } else {
      upperMap(x, sh, mapScratch);
      const fh = mapScratch[0]!;
      const dfh = mapScratch[1]!;
      const d2fh = mapScratch[2]!;
      let f = 0;
      if (d2fh > -SQRT_DBL_MAX && d2fh < SQRT_DBL_MAX) {
        const r = convexControlParameter(bh, bMax, fh, 0, dfh, -0.5, d2fh, true);
        f = rationalCubic(beta, bh, bMax, fh, 0, dfh, -0.5, r);
      }
      if (f <= 0) {
        // Quadratic through f(b_h), f(b_max) = 0 and f'(b_max) = −1/2.
        const h = bMax - bh;
        const t = (beta - bh) / h;
        f = (fh * (1 - t) + 0.5 * h * t) * (1 - t);
      }
      s = -2 * inverseNormCdf(f);
      sLeft = sh;
      // Below half the maximum the plain objective b − β is better conditioned.
      if (beta > 0.5 * bMax) objective = 2;
    }
  }

  const lnBeta = objective === 1 ? Math.log(beta) : 0;
  let ds = Number.MAX_VALUE;
  let dsPrevious = 0;
  let reversals = 0;
  for (let i = 0; i < HOUSEHOLDER_ITERATIONS && Math.abs(ds) > DBL_EPSILON * s; i++) {
    if (ds * dsPrevious < 0) reversals++;
    if (i > 0 && (reversals === 3 || !(s > sLeft && s < sRight))) {
      // The forecast left the bracket: bisect instead.
      s = 0.5 * (sLeft + sRight);
      if (sRight - sLeft <= DBL_EPSILON * s) break;
      reversals = 0;
      ds = 0;
    }
    dsPrevious = ds;
    const b = normalisedBlackCallAndVega(x, s, vegaScratch);
    const bp = vegaScratch[0]!;
    if (b > beta && s < sRight) sRight = s;
    else if (b < beta && s > sLeft) sLeft = s;
    // b''/b' and b'''/b' of the normalised Black function in closed form.
    const h = x / s;
    const bHalley = (h * h) / s - s / 4;
    const bHh3 = bHalley * bHalley - 3 * (h / s) * (h / s) - 0.25;
    if (objective === 1) {
      if (b <= 0 || bp <= 0) {
        ds = 0.5 * (sLeft + sRight) - s;
      } else {
        const lnB = Math.log(b);
        const bpob = bp / b;
        const newton = ((lnBeta - lnB) * lnB) / lnBeta / bpob;
        const halley = bHalley - bpob * (1 + 2 / lnB);
        const hh3 = bHh3 + 2 * bpob * bpob * (1 + (3 / lnB) * (1 + 1 / lnB)) - 3 * bHalley * bpob * (1 + 2 / lnB);
        ds = newton * householderFactor(newton, halley, hh3);
      }
    } else if (objective === 2) {
      if (b >= bMax || bp <= DBL_MIN) {
        ds = 0.5 * (sLeft + sRight) - s;
      } else {
        const bMaxMinusB = bMax - b;
        const g = Math.log((bMax - beta) / bMaxMinusB);
        const gp = bp / bMaxMinusB;
        const newton = -g / gp;
        const halley = bHalley + gp;
        const hh3 = bHh3 + gp * (2 * gp + 3 * bHalley);
        ds = newton * householderFactor(newton, halley, hh3);
      }
    } else {
      const newton = (beta - b) / bp;
      ds = newton * householderFactor(newton, bHalley, bHh3);
    }
    ds = Math.max(-0.5 * s, ds);
    s += ds;
  }
  return s;
}

/**
 * Undiscounted Black implied total volatility s = σ√T, or a negative code: −1 below intrinsic, −2 at or above the
 * upper bound, −3 no time value. Allocation-free core shared by the public functions and the batch path.
 */
export function impliedStdDevOrCode(isCall: boolean, price: number, forward: number, strike: number): number {
  const intrinsic = isCall ? forward - strike : strike - forward;
  const positiveIntrinsic = Math.max(intrinsic, 0);
  // The undiscounted intrinsic value carries rounding of a few ulps of max(F, K): the forward S·e^{(r−q)T}, the
  // undiscounting P/e^{−rT} and F − K each round by up to an ulp or so. A price within that of the intrinsic value
  // is therefore not an arbitrage, and has no time value we can resolve (−3 below, never a volatility fitted to
  // rounding noise).
  const roundingOfIntrinsic = 4 * DBL_EPSILON * Math.max(forward, strike);
  if (!(price >= positiveIntrinsic - roundingOfIntrinsic)) return -1;
  if (price >= (isCall ? forward : strike)) return -2;
  // Put-call parity turns an in-the-money option into the out-of-the-money one with the same time value; the price
  // function composes an in-the-money price the same way (undiscountedBlack), so the round trip is exact.
  const timeValue = price - positiveIntrinsic;
  if (!(timeValue > 0) || (positiveIntrinsic > 0 && timeValue <= roundingOfIntrinsic)) return -3;
  const x = -Math.abs(logMoneyness(forward, strike));
  const beta = timeValue / (Math.sqrt(forward) * Math.sqrt(strike));
  // The same resolution applies at the top: a price whose distance to the upper bound vanishes once normalised
  // (β rounds to e^{x/2}, which happens within a few ulps of max(F, K)) is at the bound in double precision.
  if (beta >= Math.exp(0.5 * x)) return -2;
  // Below the smallest normal double the Gaussian factor of b(x, s) underflows and subnormals keep fewer than 52
  // bits, so neither this solver nor the price function can resolve the price to 1e-12: no time value in double.
  if (beta < DBL_MIN) return -3;
  const s = normalisedImpliedVolatility(beta, x);
  return s > 0 && s < Number.POSITIVE_INFINITY ? s : -3;
}

function toResult(code: number, timeToExpiry: number): ImpliedVolResult {
  if (code > 0) return { ok: true, volatility: code / Math.sqrt(timeToExpiry) };
  return code === -1 ? BELOW_INTRINSIC : code === -2 ? ABOVE_UPPER_BOUND : NO_TIME_VALUE;
}

/** Black-76 implied volatility of a discounted option price on a forward/future. */
export function black76ImpliedVol(
  type: OptionType,
  price: number,
  forward: number,
  strike: number,
  timeToExpiry: number,
  rate: number,
): ImpliedVolResult {
  const discount = Math.exp(-rate * timeToExpiry);
  return toResult(impliedStdDevOrCode(type === 'call', price / discount, forward, strike), timeToExpiry);
}

/** Black-Scholes-Merton implied volatility: forward S·e^{(r−q)T}, discount e^{−rT}. */
export function bsmImpliedVol(
  type: OptionType,
  price: number,
  spot: number,
  strike: number,
  timeToExpiry: number,
  rate: number,
  dividendYield: number,
): ImpliedVolResult {
  const discount = Math.exp(-rate * timeToExpiry);
  const forward = spot * Math.exp((rate - dividendYield) * timeToExpiry);
  return toResult(impliedStdDevOrCode(type === 'call', price / discount, forward, strike), timeToExpiry);
}

/**
 * Allocation-free {@link bsmImpliedVol}: the implied volatility, or a negative code when there is none (−1 below
 * intrinsic, −2 at or above the upper bound, −3 no time value). Same numbers as bsmImpliedVol, for batch callers.
 */
export function bsmImpliedVolOrCode(
  isCall: boolean,
  price: number,
  spot: number,
  strike: number,
  timeToExpiry: number,
  rate: number,
  dividendYield: number,
): number {
  const discount = Math.exp(-rate * timeToExpiry);
  const forward = spot * Math.exp((rate - dividendYield) * timeToExpiry);
  const code = impliedStdDevOrCode(isCall, price / discount, forward, strike);
  return code > 0 ? code / Math.sqrt(timeToExpiry) : code;
}

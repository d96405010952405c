// The normalised Black function of Jaeckel, "Let's Be Rational" (Wilmott, January 2015):
//
//   b(x, s) = Φ(x/s + s/2)·e^{x/2} − Φ(x/s − s/2)·e^{−x/2},   x = ln(F/K),  s = σ√T,
//
// the undiscounted Black call price divided by √(F·K). Every price we invert goes through this one function, so
// its accuracy in the wings (deep out-of-the-money, tiny s) decides whether implied volatility can reprice to
// 1e-12. Evaluation is split into four regions as in the paper; the two expansions below are derived here from
// the ODE Y' = 1 + h·Y satisfied by Mills' ratio Y(z) = Φ(z)/φ(z).

import { erfcx, normCdf, ONE_OVER_SQRT_TWO, ONE_OVER_SQRT_TWO_PI, SQRT_TWO_PI } from './normal.ts';

/** η: below h = x/s = η the asymptotic (large negative h) expansion of Mills' ratio is exact to double precision. */
const ASYMPTOTIC_THRESHOLD = -10;
/** τ = 2·ε^{1/16}: below t = s/2 = τ a Taylor series in t of degree 13 is exact to double precision. */
const SMALL_T_THRESHOLD = 2 * Math.sqrt(Math.sqrt(Math.sqrt(Math.sqrt(Number.EPSILON))));

/** Normalised intrinsic value of a call, e^{x/2} − e^{−x/2} for x > 0, without cancellation for small x. */
export function normalisedIntrinsicCall(x: number): number {
  if (x <= 0) return 0;
  if (x < 0.01) {
    // 2·sinh(x/2) by its Taylor series.
    const x2 = x * x;
    return x * (1 + x2 * (1 / 24 + x2 * (1 / 1920 + x2 * (1 / 322560 + x2 / 92897280))));
  }
  const e = Math.exp(0.5 * x);
  return e - 1 / e;
}

/**
 * Region 1, h = x/s well below η with h + t < η + τ: Y(h+t) − Y(h−t) from the asymptotic series
 * Y(z) ~ −Σ (−1)^n (2n−1)!! z^{−(2n+1)}. With u = h+t, v = h−t we write u^{−m} − v^{−m} = −2t·S_m/(uv)^m where
 * S_m = Σ_{j<m} v^j u^{m−1−j} has terms of one sign, so no digits are lost to cancellation.
 */
function asymptoticBlackCall(h: number, t: number, ex: number): number {
  const u = h + t;
  const v = h - t;
  const uv = u * v;
  const u2 = u * u;
  // m = 1: S_1 = 1. Recurrences S_{m+1} = v·S_m + u^m, applied twice per step since only odd m appear.
  let sm = 1;
  let um = u; // u^m
  let inv = 1 / uv; // 1/(uv)^m
  let coef = 1; // (−1)^n (2n−1)!!
  let sum = sm * inv;
  const invUv2 = 1 / (uv * uv);
  for (let n = 1; n < 60; n++) {
    // advance m → m+2
    sm = v * (v * sm + um) + u * um;
    um *= u2;
    inv *= invUv2;
    coef *= -(2 * n - 1);
    const term = coef * sm * inv;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  const diff = 2 * t * sum;
  const b = ONE_OVER_SQRT_TWO_PI * ex * diff;
  return Math.max(b, 0);
}

/**
 * Region 2, t < τ: Y(h+t) − Y(h−t) = 2·Σ_k Y^{(2k+1)}(h)·t^{2k+1}/(2k+1)!, the derivatives following from
 * Y^{(n+1)} = h·Y^{(n)} + n·Y^{(n−1)}.
 */
function smallTBlackCall(h: number, t: number, ex: number): number {
  const y0 = 0.5 * SQRT_TWO_PI * erfcx(-ONE_OVER_SQRT_TWO * h);
  let yPrev = y0;
  let y = 1 + h * y0; // Y'
  const w = t * t;
  let tk = t; // t^{2k+1}/(2k+1)!
  let sum = y * tk;
  for (let n = 1; n < 13; n += 2) {
    const y2 = h * y + n * yPrev; // Y^{(n+1)}
    const y3 = h * y2 + (n + 1) * y; // Y^{(n+2)}
    yPrev = y2;
    y = y3;
    tk *= w / ((n + 1) * (n + 2));
    sum += y * tk;
  }
  const b = ONE_OVER_SQRT_TWO_PI * ex * 2 * sum;
  return Math.max(b, 0);
}

/** Region 4: b = ½·e^{−(h²+t²)/2}·[erfcx(−(h+t)/√2) − erfcx(−(h−t)/√2)], one exponential instead of three. */
function erfcxBlackCall(h: number, t: number, ex: number): number {
  const b = 0.5 * ex * (erfcx(-ONE_OVER_SQRT_TWO * (h + t)) - erfcx(-ONE_OVER_SQRT_TWO * (h - t)));
  return Math.max(b, 0);
}

/** The Gaussian factor e^{−(h²+t²)/2} shared by regions 1, 2 and 4 and by the vega. */
function gaussianFactor(h: number, t: number): number {
  return Math.exp(-0.5 * (h * h + t * t));
}

/** Normalised Black call b(x, s) for any x (in-the-money calls add the intrinsic to the out-of-the-money value). */
export function normalisedBlackCall(x: number, s: number): number {
  if (x > 0) return normalisedIntrinsicCall(x) + normalisedBlackCall(-x, s);
  if (!(s > 0)) return 0;
  // Compare h = x/s and t = s/2 against the thresholds without dividing by s.
  if (x < s * ASYMPTOTIC_THRESHOLD && 0.5 * s * s + x < s * (SMALL_T_THRESHOLD + ASYMPTOTIC_THRESHOLD)) {
    return asymptoticBlackCall(x / s, 0.5 * s, gaussianFactor(x / s, 0.5 * s));
  }
  if (0.5 * s < SMALL_T_THRESHOLD) return smallTBlackCall(x / s, 0.5 * s, gaussianFactor(x / s, 0.5 * s));
  // When the first term dominates (h + t > 0.85) the plain formula keeps the most digits.
  if (x + 0.5 * s * s > 0.85 * s) return plainBlackCall(x, s);
  return erfcxBlackCall(x / s, 0.5 * s, gaussianFactor(x / s, 0.5 * s));
}

/** Region 3, h + t > 0.85: Φ(h+t)·e^{x/2} − Φ(h−t)·e^{−x/2} as written. */
function plainBlackCall(x: number, s: number): number {
  const e = Math.exp(0.5 * x);
  const b = normCdf(x / s + 0.5 * s) * e - normCdf(x / s - 0.5 * s) / e;
  return Math.max(b, 0);
}

/**
 * b(x, s) and ∂b/∂s together for x ≤ 0, s > 0 (the implied-volatility iteration needs both at every step):
 * regions 1, 2 and 4 share the one exponential of the vega, so the pair costs what b alone costs. The vega is
 * written to vegaOut[0]; both numbers are bit-for-bit those of normalisedBlackCall and normalisedVega.
 */
export function normalisedBlackCallAndVega(x: number, s: number, vegaOut: Float64Array): number {
  if (x >= 0 || !(s > 0)) {
    vegaOut[0] = normalisedVega(x, s);
    return normalisedBlackCall(x, s);
  }
  const h = x / s;
  const t = 0.5 * s;
  const ex = gaussianFactor(h, t);
  vegaOut[0] = ONE_OVER_SQRT_TWO_PI * ex;
  if (x < s * ASYMPTOTIC_THRESHOLD && 0.5 * s * s + x < s * (SMALL_T_THRESHOLD + ASYMPTOTIC_THRESHOLD)) {
    return asymptoticBlackCall(h, t, ex);
  }
  if (t < SMALL_T_THRESHOLD) return smallTBlackCall(h, t, ex);
  if (x + 0.5 * s * s > 0.85 * s) return plainBlackCall(x, s);
  return erfcxBlackCall(h, t, ex);
}

/** ∂b/∂s = φ(h+t)·e^{x/2} = e^{−(h²+t²)/2}/√(2π). */
export function normalisedVega(x: number, s: number): number {
  if (x === 0) return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.125 * s * s);
  if (!(s > 0)) return 0;
  const h = x / s;
  const t = 0.5 * s;
  return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * (h * h + t * t));
}

/**
 * x = ln(F/K) to about one ulp of x itself. ln(F/K) as written rounds the quotient first, an absolute error of up
 * to 1.1e-16 in x, which near the money is a large relative error (1.4e-12 for F/K = 1.00008, 50% when F and K are
 * one ulp apart). Between K/2 and 2K the difference F − K is exact (Sterbenz), so log1p((F − K)/K) rounds only once
 * on a small number.
 */
export function logMoneyness(forward: number, strike: number): number {
  if (forward > 0.5 * strike && forward < 2 * strike) return Math.log1p((forward - strike) / strike);
  return Math.log(forward / strike);
}

/**
 * Undiscounted Black-76 price from the normalised function; accurate to a few ulps in the wings.
 *
 * An in-the-money price is composed exactly as implied volatility decomposes it: the intrinsic value F − K (or
 * K − F) in plain arithmetic plus √(F·K)·b(−|x|, s), the out-of-the-money value with the same time value
 * (put-call parity). Taking the intrinsic from √(F·K)·2·sinh(x/2) instead would carry the rounding of x into the
 * intrinsic, which near the money is larger than 1e-12 of the whole price and would break the round trip
 * price → implied vol → price.
 */
export function undiscountedBlack(isCall: boolean, forward: number, strike: number, stdDev: number): number {
  const x = logMoneyness(forward, strike);
  const intrinsic = isCall ? forward - strike : strike - forward;
  const timeValue = Math.sqrt(forward) * Math.sqrt(strike) * normalisedBlackCall(-Math.abs(x), stdDev);
  return intrinsic > 0 ? intrinsic + timeValue : timeValue;
}

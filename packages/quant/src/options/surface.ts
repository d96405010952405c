// Smile and surface models. Quantities are in total implied variance w = σ²·T against log-moneyness
// k = ln(K/F), the coordinates in which no-arbitrage conditions are simplest (Gatheral, "The Volatility Surface").

/** Raw SVI parameters (Gatheral 2004): w(k) = a + b·(ρ·(k − m) + √((k − m)² + σ²)). */
export interface SviParams {
  a: number;
  b: number;
  rho: number;
  m: number;
  sigma: number;
}

export function sviTotalVariance(p: SviParams, k: number): number {
  const d = k - p.m;
  return p.a + p.b * (p.rho * d + Math.sqrt(d * d + p.sigma * p.sigma));
}

/** Implied volatility of the SVI slice at log-moneyness k for expiry T (years). */
export function sviImpliedVol(p: SviParams, k: number, timeToExpiry: number): number {
  return Math.sqrt(Math.max(sviTotalVariance(p, k), 0) / timeToExpiry);
}

/**
 * Butterfly (static) arbitrage check of an SVI slice on a k grid: the implied risk-neutral density is
 * proportional to g(k) = (1 − k·w'/(2w))² − (w'²/4)·(1/w + 1/4) + w''/2 (Gatheral & Jacquier 2014, eq. 2.1),
 * which must be non-negative, with w > 0. Returns the minimum of g and where it occurs.
 */
export function sviButterflyArbitrage(
  p: SviParams,
  kMin = -1.5,
  kMax = 1.5,
  points = 301,
): { arbitrageFree: boolean; minG: number; atK: number; minVariance: number } {
  let minG = Number.POSITIVE_INFINITY;
  let atK = kMin;
  let minVariance = Number.POSITIVE_INFINITY;
  for (let i = 0; i < points; i++) {
    const k = kMin + ((kMax - kMin) * i) / (points - 1);
    const d = k - p.m;
    const root = Math.sqrt(d * d + p.sigma * p.sigma);
    const w = p.a + p.b * (p.rho * d + root);
    const w1 = p.b * (p.rho + d / root);
    const w2 = (p.b * p.sigma * p.sigma) / (root * root * root);
    const g = (1 - (k * w1) / (2 * w)) ** 2 - ((w1 * w1) / 4) * (1 / w + 0.25) + w2 / 2;
    if (w < minVariance) minVariance = w;
    if (g < minG) {
      minG = g;
      atK = k;
    }
  }
  return { arbitrageFree: minG >= 0 && minVariance > 0, minG, atK, minVariance };
}

/** One expiry of a surface: total variance on a grid of log-moneyness (ascending). */
export interface SurfaceSlice {
  timeToExpiry: number;
  logMoneyness: readonly number[];
  totalVariance: readonly number[];
}

/**
 * Implied volatility at (T, k) from slices sorted by expiry: linear in k within a slice (flat beyond its ends),
 * linear in T of total variance between slices, which preserves calendar-arbitrage freedom when the slices are
 * ordered (w non-decreasing in T). Before the first slice, total variance scales with T from zero; beyond the
 * last, the last slice's volatility is held.
 */
export function surfaceVolatility(slices: readonly SurfaceSlice[], timeToExpiry: number, k: number): number {
  const n = slices.length;
  if (n === 0 || !(timeToExpiry > 0)) return Number.NaN;
  const first = slices[0]!;
  if (timeToExpiry <= first.timeToExpiry) return Math.sqrt(sliceVariance(first, k) / first.timeToExpiry);
  const last = slices[n - 1]!;
  if (timeToExpiry >= last.timeToExpiry) return Math.sqrt(sliceVariance(last, k) / last.timeToExpiry);
  let i = 1;
  while (slices[i]!.timeToExpiry < timeToExpiry) i++;
  const lo = slices[i - 1]!;
  const hi = slices[i]!;
  const u = (timeToExpiry - lo.timeToExpiry) / (hi.timeToExpiry - lo.timeToExpiry);
  const w = (1 - u) * sliceVariance(lo, k) + u * sliceVariance(hi, k);
  return Math.sqrt(w / timeToExpiry);
}

function sliceVariance(slice: SurfaceSlice, k: number): number {
  const xs = slice.logMoneyness;
  const ws = slice.totalVariance;
  const n = xs.length;
  if (k <= xs[0]!) return ws[0]!;
  if (k >= xs[n - 1]!) return ws[n - 1]!;
  let i = 1;
  while (xs[i]! < k) i++;
  const u = (k - xs[i - 1]!) / (xs[i]! - xs[i - 1]!);
  return (1 - u) * ws[i - 1]! + u * ws[i]!;
}

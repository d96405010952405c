/**
 * Performance of a series of simple per-period returns, with empyrical's definitions (the tests
 * use its published fixtures): risk-free rate 0, sample standard deviation (ddof 1), annualised
 * by `periodsPerYear` (252 for daily bars).
 */
export interface Performance {
  readonly totalReturn: number;
  readonly annualReturn: number;
  readonly volatility: number;
  readonly sharpe: number;
  /** the worst fall from a running peak of the compounded value, as a negative fraction (0 when none) */
  readonly maxDrawdown: number;
}

export function totalReturn(r: ArrayLike<number>): number {
  let v = 1;
  for (let i = 0; i < r.length; i++) v *= 1 + r[i]!;
  return v - 1;
}

/** Compound annual growth: (1 + total)^(periodsPerYear / n) - 1. */
export function annualReturn(r: ArrayLike<number>, periodsPerYear: number): number {
  if (r.length === 0) return Number.NaN;
  return (1 + totalReturn(r)) ** (periodsPerYear / r.length) - 1;
}

function meanAndSd(r: ArrayLike<number>): [number, number] {
  const n = r.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += r[i]!;
  m /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (r[i]! - m) ** 2;
  return [m, Math.sqrt(ss / (n - 1))];
}

export function annualVolatility(r: ArrayLike<number>, periodsPerYear: number): number {
  if (r.length < 2) return Number.NaN;
  return meanAndSd(r)[1] * Math.sqrt(periodsPerYear);
}

export function sharpe(r: ArrayLike<number>, periodsPerYear: number): number {
  if (r.length < 2) return Number.NaN;
  const [m, sd] = meanAndSd(r);
  return sd > 0 ? (m / sd) * Math.sqrt(periodsPerYear) : Number.NaN;
}

export function maxDrawdown(r: ArrayLike<number>): number {
  let v = 1;
  let peak = 1;
  let worst = 0;
  for (let i = 0; i < r.length; i++) {
    v *= 1 + r[i]!;
    if (v > peak) peak = v;
    worst = Math.min(worst, v / peak - 1);
  }
  return worst;
}

export function performance(r: ArrayLike<number>, periodsPerYear: number): Performance {
  return {
    totalReturn: totalReturn(r),
    annualReturn: annualReturn(r, periodsPerYear),
    volatility: annualVolatility(r, periodsPerYear),
    sharpe: sharpe(r, periodsPerYear),
    maxDrawdown: maxDrawdown(r),
  };
}

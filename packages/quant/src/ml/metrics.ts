/**
 * Out-of-sample classification metrics for probabilities `p` of the label 1 against labels `y`
 * (0 or 1). Definitions as in scikit-learn's documentation, whose worked examples the tests use.
 */

/** Area under the ROC curve: the probability that a random positive scores above a random negative (ties count half). */
export function auc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a]! - p[b]!);
  // Mann-Whitney U from mid-ranks.
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && p[order[j + 1]!] === p[order[i]!]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (y[order[k]!] === 1) {
        rankSumPos += midRank;
        pos++;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Fraction of predictions on the right side of `threshold`. */
export function accuracy(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  let right = 0;
  for (let i = 0; i < y.length; i++) if ((p[i]! > threshold ? 1 : 0) === y[i]) right++;
  return y.length === 0 ? Number.NaN : right / y.length;
}

/** Mean of the recall of each class: what accuracy says when the classes are unbalanced. */
export function balancedAccuracy(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): number {
  let tp = 0;
  let pos = 0;
  let tn = 0;
  let neg = 0;
  for (let i = 0; i < y.length; i++) {
    const hit = p[i]! > threshold;
    if (y[i] === 1) {
      pos++;
      if (hit) tp++;
    } else {
      neg++;
      if (!hit) tn++;
    }
  }
  if (pos === 0 || neg === 0) return Number.NaN;
  return (tp / pos + tn / neg) / 2;
}

/** Mean negative log-likelihood, with probabilities clipped to [eps, 1 - eps]. */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>, eps = 1e-15): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - eps, Math.max(eps, p[i]!));
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return y.length === 0 ? Number.NaN : s / y.length;
}

/** Mean squared difference between the probability and the outcome. */
export function brier(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i]! - y[i]!) ** 2;
  return y.length === 0 ? Number.NaN : s / y.length;
}

export interface CalibrationBin {
  /** the bin's probability range [from, to) (the last bin includes 1) */
  readonly from: number;
  readonly to: number;
  readonly count: number;
  /** mean predicted probability in the bin (NaN when empty) */
  readonly predicted: number;
  /** observed frequency of the label 1 in the bin (NaN when empty) */
  readonly observed: number;
}

/** Reliability by decile of predicted probability (fixed-width bins, as sklearn's calibration_curve 'uniform'). */
export function calibration(y: ArrayLike<number>, p: ArrayLike<number>, bins = 10): CalibrationBin[] {
  const count = new Float64Array(bins);
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    const b = Math.min(bins - 1, Math.floor(p[i]! * bins));
    count[b]!++;
    sumP[b]! += p[i]!;
    sumY[b]! += y[i]!;
  }
  return Array.from({ length: bins }, (_, b) => ({
    from: b / bins,
    to: (b + 1) / bins,
    count: count[b]!,
    predicted: count[b]! > 0 ? sumP[b]! / count[b]! : Number.NaN,
    observed: count[b]! > 0 ? sumY[b]! / count[b]! : Number.NaN,
  }));
}

export interface ClassificationMetrics {
  readonly n: number;
  readonly auc: number;
  readonly accuracy: number;
  readonly balancedAccuracy: number;
  readonly logLoss: number;
  readonly brier: number;
  readonly calibration: readonly CalibrationBin[];
}

export function classificationMetrics(y: ArrayLike<number>, p: ArrayLike<number>): ClassificationMetrics {
  return {
    n: y.length,
    auc: auc(y, p),
    accuracy: accuracy(y, p),
    balancedAccuracy: balancedAccuracy(y, p),
    logLoss: logLoss(y, p),
    brier: brier(y, p),
    calibration: calibration(y, p),
  };
}

/**
 * Standard error of an AUC estimated from nPos positives and nNeg negatives (Hanley & McNeil,
 * Radiology 1982): sqrt((A(1-A) + (nPos-1)(Q1-A^2) + (nNeg-1)(Q2-A^2)) / (nPos nNeg)), with
 * Q1 = A/(2-A) and Q2 = 2A^2/(1+A).
 */
export function aucStandardError(a: number, nPos: number, nNeg: number): number {
  if (nPos < 1 || nNeg < 1 || Number.isNaN(a)) return Number.NaN;
  const q1 = a / (2 - a);
  const q2 = (2 * a * a) / (1 + a);
  return Math.sqrt((a * (1 - a) + (nPos - 1) * (q1 - a * a) + (nNeg - 1) * (q2 - a * a)) / (nPos * nNeg));
}

/** Is the AUC above chance with 95% confidence (its lower bound, A - 1.96 se, above 0.5)? */
export function aucAboveChance(y: ArrayLike<number>, a: number): boolean {
  let pos = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === 1) pos++;
  const se = aucStandardError(a, pos, y.length - pos);
  return Number.isFinite(se) && a - 1.96 * se > 0.5;
}

import { type Classifier, type ModelArtefact, sigmoid } from './model.ts';

export interface LogisticParams {
  /** L2 penalty on the (standardised) weights, per sample: minimises mean log loss + l2/2 * |w|^2. Default 0.01. */
  readonly l2?: number;
  readonly maxIterations?: number;
  /** stop when the largest Newton step is below this. Default 1e-10. */
  readonly tolerance?: number;
}

/**
 * L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
 * squares) on standardised features, so the penalty treats every feature alike and the result
 * does not depend on a learning rate or a seed. The intercept is not penalised. With l2 = 0 it is
 * the maximum-likelihood fit (the tests check it against a published worked example).
 *
 * Objective: J(w, b) = (1/n) * sum_i [log(1 + e^{z_i}) - y_i z_i] + (l2/2) |w|^2, z_i = b + w.x_i
 * Gradient:  dJ/dw = (1/n) X^T (p - y) + l2 w;  dJ/db = (1/n) sum (p - y)
 * Hessian:   (1/n) X^T diag(p(1-p)) X + l2 I (no l2 on the intercept)
 */
export function fitLogistic(rows: readonly ArrayLike<number>[], y: ArrayLike<number>, params: LogisticParams = {}): LogisticModel {
  const l2 = params.l2 ?? 0.01;
  const maxIterations = params.maxIterations ?? 100;
  const tolerance = params.tolerance ?? 1e-10;
  const n = rows.length;
  if (n === 0) throw new RangeError('no rows to fit');
  const d = rows[0]!.length;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += r[j]! / n;
  for (const r of rows) for (let j = 0; j < d; j++) scale[j]! += (r[j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  // Standardised design with the intercept as column d.
  const m = d + 1;
  const x = rows.map((r) => {
    const z = new Float64Array(m);
    for (let j = 0; j < d; j++) z[j] = (r[j]! - mean[j]!) / scale[j]!;
    z[d] = 1;
    return z;
  });
  const beta = new Float64Array(m);
  const grad = new Float64Array(m);
  const hess = new Float64Array(m * m);
  for (let iter = 0; iter < maxIterations; iter++) {
    grad.fill(0);
    hess.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      let z = 0;
      for (let j = 0; j < m; j++) z += beta[j]! * xi[j]!;
      const p = sigmoid(z);
      const g = (p - y[i]!) / n;
      const h = (p * (1 - p)) / n;
      for (let j = 0; j < m; j++) {
        grad[j]! += g * xi[j]!;
        const hx = h * xi[j]!;
        for (let k = 0; k <= j; k++) hess[j * m + k]! += hx * xi[k]!;
      }
    }
    for (let j = 0; j < d; j++) {
      grad[j]! += l2 * beta[j]!;
      hess[j * m + j]! += l2;
    }
    for (let j = 0; j < m; j++) for (let k = 0; k < j; k++) hess[k * m + j] = hess[j * m + k]!;
    const step = solveSymmetric(hess, grad, m);
    let largest = 0;
    for (let j = 0; j < m; j++) {
      beta[j]! -= step[j]!;
      largest = Math.max(largest, Math.abs(step[j]!));
    }
    if (largest < tolerance) break;
  }
  return new LogisticModel(mean, scale, Array.from(beta.subarray(0, d)), beta[d]!);
}

/** Solves A x = b for a symmetric positive definite A (Cholesky), with a tiny ridge if A is singular (separable data). */
function solveSymmetric(a: Float64Array, b: Float64Array, m: number): Float64Array {
  for (let ridge = 0; ; ridge = ridge === 0 ? 1e-12 : ridge * 100) {
    const l = new Float64Array(m * m);
    let ok = true;
    for (let j = 0; j < m && ok; j++) {
      let s = a[j * m + j]! + ridge;
      for (let k = 0; k < j; k++) s -= l[j * m + k]! ** 2;
      if (!(s > 0)) ok = false;
      else {
        const ljj = Math.sqrt(s);
        l[j * m + j] = ljj;
        for (let i = j + 1; i < m; i++) {
          let t = a[i * m + j]!;
          for (let k = 0; k < j; k++) t -= l[i * m + k]! * l[j * m + k]!;
          l[i * m + j] = t / ljj;
        }
      }
    }
    if (!ok) {
      if (ridge > 1) throw new RangeError('the Hessian is not positive definite');
      continue;
    }
    const yv = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      let t = b[i]!;
      for (let k = 0; k < i; k++) t -= l[i * m + k]! * yv[k]!;
      yv[i] = t / l[i * m + i]!;
    }
    const xv = new Float64Array(m);
    for (let i = m - 1; i >= 0; i--) {
      let t = yv[i]!;
      for (let k = i + 1; k < m; k++) t -= l[k * m + i]! * xv[k]!;
      xv[i] = t / l[i * m + i]!;
    }
    return xv;
  }
}

export class LogisticModel implements Classifier {
  readonly kind = 'logistic' as const;
  constructor(
    readonly mean: readonly number[],
    readonly scale: readonly number[],
    /** weights of the standardised features */
    readonly weights: readonly number[],
    readonly intercept: number,
  ) {}

  /** Weights and intercept in the original units: logit = intercept + sum w_j x_j. */
  get raw(): { weights: number[]; intercept: number } {
    const weights = this.weights.map((w, j) => w / this.scale[j]!);
    const intercept = this.intercept - weights.reduce((s, w, j) => s + w * this.mean[j]!, 0);
    return { weights, intercept };
  }

  predict(row: ArrayLike<number>): number {
    let z = this.intercept;
    for (let j = 0; j < this.weights.length; j++) z += (this.weights[j]! * (row[j]! - this.mean[j]!)) / this.scale[j]!;
    return sigmoid(z);
  }

  contributions(row: ArrayLike<number>): Float64Array {
    return Float64Array.from(this.weights, (w, j) => (w * (row[j]! - this.mean[j]!)) / this.scale[j]!);
  }

  toJSON(): ModelArtefact {
    return { kind: 'logistic', mean: [...this.mean], scale: [...this.scale], weights: [...this.weights], intercept: this.intercept };
  }
}

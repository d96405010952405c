import { type Classifier, type ModelArtefact, seededRandom, sigmoid, type TreeNode } from './model.ts';

export interface GbdtParams {
  /** boosting rounds. Default 100. */
  readonly trees?: number;
  /** depth of each tree. Default 3. */
  readonly depth?: number;
  /** shrinkage of each tree's values. Default 0.1. */
  readonly learningRate?: number;
  /** L2 penalty on leaf values (XGBoost's lambda). Default 1. */
  readonly lambda?: number;
  /** fewest rows in a leaf. Default 20. */
  readonly minLeaf?: number;
  /** fraction of rows each tree sees, drawn by `seed` (1: all rows, no randomness). Default 1. */
  readonly subsample?: number;
  /** most candidate thresholds per feature (quantile cuts). Default 64. */
  readonly maxBins?: number;
  readonly seed?: number;
}

/**
 * Gradient-boosted regression trees for the log loss (Friedman's gradient boosting with
 * XGBoost's second-order split gain and leaf values): each round fits a tree to the gradient
 * g = p - y and Hessian h = p(1 - p) of the current model; a split's gain is
 * G_L^2/(H_L + lambda) + G_R^2/(H_R + lambda) - G^2/(H + lambda), a leaf's value
 * -learningRate * G/(H + lambda). Candidate thresholds are the midpoints between a feature's
 * distinct values, or between its quantiles when it has more than `maxBins` of them (histogram
 * boosting, as LightGBM). Deterministic: the same rows, params and seed give the same trees.
 */
export function fitGbdt(rows: readonly ArrayLike<number>[], y: ArrayLike<number>, params: GbdtParams = {}): GbdtModel {
  const nTrees = params.trees ?? 100;
  const depth = params.depth ?? 3;
  const eta = params.learningRate ?? 0.1;
  const lambda = params.lambda ?? 1;
  const minLeaf = params.minLeaf ?? 20;
  const subsample = params.subsample ?? 1;
  const maxBins = params.maxBins ?? 64;
  const random = seededRandom(params.seed ?? 1);
  const n = rows.length;
  if (n === 0) throw new RangeError('no rows to fit');
  const d = rows[0]!.length;

  const thresholds = Array.from({ length: d }, (_, j) => cutPoints(rows, j, maxBins));
  const bins = Array.from({ length: d }, (_, j) => {
    const b = new Uint16Array(n);
    const t = thresholds[j]!;
    for (let i = 0; i < n; i++) b[i] = binOf(t, rows[i]![j]!);
    return b;
  });

  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i]! / n;
  mean = Math.min(1 - 1e-6, Math.max(1e-6, mean));
  const base = Math.log(mean / (1 - mean));
  const score = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: TreeNode[] = [];

  for (let t = 0; t < nTrees; t++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(score[i]!);
      g[i] = p - y[i]!;
      h[i] = p * (1 - p);
    }
    let sample: number[] = [];
    if (subsample >= 1) sample = Array.from({ length: n }, (_, i) => i);
    else for (let i = 0; i < n; i++) if (random() < subsample) sample.push(i);
    const tree = grow(sample, 0);
    trees.push(tree);
    for (let i = 0; i < n; i++) score[i]! += leafValue(tree, rows[i]!);
  }
  return new GbdtModel(base, trees);

  function grow(idx: number[], level: number): TreeNode {
    let G = 0;
    let H = 0;
    for (const i of idx) {
      G += g[i]!;
      H += h[i]!;
    }
    const value = (-eta * G) / (H + lambda);
    if (level >= depth || idx.length < 2 * minLeaf) return { leaf: value };
    const parent = (G * G) / (H + lambda);
    let best = { gain: 1e-12, feature: -1, bin: -1 };
    for (let j = 0; j < d; j++) {
      const nb = thresholds[j]!.length + 1;
      if (nb < 2) continue;
      const gs = new Float64Array(nb);
      const hs = new Float64Array(nb);
      const cs = new Uint32Array(nb);
      const bj = bins[j]!;
      for (const i of idx) {
        const b = bj[i]!;
        gs[b]! += g[i]!;
        hs[b]! += h[i]!;
        cs[b]!++;
      }
      let gl = 0;
      let hl = 0;
      let cl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += gs[b]!;
        hl += hs[b]!;
        cl += cs[b]!;
        const cr = idx.length - cl;
        if (cl < minLeaf) continue;
        if (cr < minLeaf) break;
        const gr = G - gl;
        const hr = H - hl;
        const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
        if (gain > best.gain) best = { gain, feature: j, bin: b };
      }
    }
    if (best.feature < 0) return { leaf: value };
    const bj = bins[best.feature]!;
    const left = idx.filter((i) => bj[i]! <= best.bin);
    const right = idx.filter((i) => bj[i]! > best.bin);
    return {
      feature: best.feature,
      threshold: thresholds[best.feature]![best.bin]!,
      value,
      left: grow(left, level + 1),
      right: grow(right, level + 1),
    };
  }
}

/** Midpoints between consecutive distinct values, thinned to at most maxBins - 1 cuts at quantiles. */
function cutPoints(rows: readonly ArrayLike<number>[], j: number, maxBins: number): number[] {
  const values = Float64Array.from(rows, (r) => r[j]!).sort();
  const distinct: number[] = [];
  for (const v of values) if (distinct.length === 0 || v !== distinct[distinct.length - 1]) distinct.push(v);
  const mids: number[] = [];
  if (distinct.length <= maxBins) {
    for (let k = 1; k < distinct.length; k++) mids.push((distinct[k - 1]! + distinct[k]!) / 2);
    return mids;
  }
  for (let q = 1; q < maxBins; q++) {
    const at = Math.floor((q * values.length) / maxBins);
    const lo = values[at - 1]!;
    const hi = values[at]!;
    const cut = (lo + hi) / 2;
    if (lo !== hi && (mids.length === 0 || cut > mids[mids.length - 1]!)) mids.push(cut);
  }
  return mids;
}

/** The bin of x: how many cut points lie below it (x <= cuts[b] falls in bin b or lower). */
function binOf(cuts: readonly number[], x: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= cuts[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function leafValue(node: TreeNode, row: ArrayLike<number>): number {
  let at = node;
  while (!('leaf' in at)) at = row[at.feature]! <= at.threshold ? at.left : at.right;
  return at.leaf;
}

export class GbdtModel implements Classifier {
  readonly kind = 'gbdt' as const;
  constructor(
    /** log-odds of the training labels' mean */
    readonly base: number,
    readonly trees: readonly TreeNode[],
  ) {}

  predict(row: ArrayLike<number>): number {
    let z = this.base;
    for (const t of this.trees) z += leafValue(t, row);
    return sigmoid(z);
  }

  /** Saabas' path attribution: along the row's path, each change of node value goes to the split's feature. */
  contributions(row: ArrayLike<number>): Float64Array {
    const out = new Float64Array(row.length);
    for (const t of this.trees) {
      let at = t;
      while (!('leaf' in at)) {
        const next = row[at.feature]! <= at.threshold ? at.left : at.right;
        out[at.feature]! += nodeValue(next) - at.value;
        at = next;
      }
    }
    return out;
  }

  toJSON(): ModelArtefact {
    return { kind: 'gbdt', base: this.base, trees: [...this.trees] };
  }
}

function nodeValue(node: TreeNode): number {
  return 'leaf' in node ? node.leaf : node.value;
}

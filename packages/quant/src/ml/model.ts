/** A trained binary classifier: the probability that a row's label is 1, and why. */
export interface Classifier {
  readonly kind: ModelKind;
  /** P(label = 1) for one row of feature values (in the order the model was trained on). */
  predict(row: ArrayLike<number>): number;
  /**
   * Each feature's contribution to the row's log-odds, relative to the model's baseline
   * (logistic: w_j times the standardised value; trees: the change in a node's value along the
   * row's path, credited to the split's feature). They add up to logit(p) - baseline.
   */
  contributions(row: ArrayLike<number>): Float64Array;
  /** A JSON artefact from which `loadClassifier` rebuilds the same model. */
  toJSON(): ModelArtefact;
}

export const MODEL_KINDS = ['logistic', 'gbdt'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export type ModelArtefact =
  | { readonly kind: 'logistic'; readonly mean: number[]; readonly scale: number[]; readonly weights: number[]; readonly intercept: number }
  | { readonly kind: 'gbdt'; readonly base: number; readonly trees: TreeNode[] };

/** A regression tree in the gradient-boosted ensemble: a leaf holds its value; a split sends x[feature] <= threshold left. */
export type TreeNode =
  | { readonly leaf: number }
  | { readonly feature: number; readonly threshold: number; readonly value: number; readonly left: TreeNode; readonly right: TreeNode };

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** A deterministic pseudo-random source (mulberry32), for models that sample. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw from a uniform source (Box-Muller). */
export function normalFrom(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

import { computeFeatures, type FeatureSeries, featuresLookback } from './features.ts';
import { fitGbdt, type GbdtParams } from './gbdt.ts';
import { forwardLabels } from './labels.ts';
import { fitLogistic, type LogisticParams } from './logistic.ts';
import { auc, aucAboveChance, type ClassificationMetrics, classificationMetrics } from './metrics.ts';
import type { Classifier, ModelKind } from './model.ts';
import { maxDrawdown, type Performance, performance } from './performance.ts';

export type ModelSpec =
  | { readonly kind: 'logistic'; readonly params?: LogisticParams }
  | { readonly kind: 'gbdt'; readonly params?: GbdtParams };

export function fitModel(spec: ModelSpec, rows: readonly ArrayLike<number>[], y: ArrayLike<number>): Classifier {
  return spec.kind === 'logistic' ? fitLogistic(rows, y, spec.params) : fitGbdt(rows, y, spec.params);
}

export interface WalkForwardOptions {
  readonly model: ModelSpec;
  /** bars ahead the label looks */
  readonly horizon: number;
  readonly features: readonly string[];
  /** test windows (default 5) */
  readonly folds?: number;
  /** 'expanding' trains on everything before the test window; 'rolling' on the last `trainBars` */
  readonly window?: 'expanding' | 'rolling';
  readonly trainBars?: number;
  /** bars dropped between the end of training and the test window; default (and at least) the horizon */
  readonly purge?: number;
  /** bars after each test window never used to train a later fold (default 0) */
  readonly embargo?: number;
  /** |forward return| below this gives no label (default 0) */
  readonly deadBand?: number;
  /** trading cost per side in basis points (default 0) */
  readonly costBps?: number;
  /** for annualising (default 252: daily bars) */
  readonly periodsPerYear?: number;
  /** a probability this far from 0.5 is needed to take a position (default 0) */
  readonly band?: number;
  /** long or flat only, instead of long or short (default false) */
  readonly longOnly?: boolean;
}

export interface FoldResult {
  readonly trainFrom: number;
  readonly trainTo: number;
  readonly testFrom: number;
  readonly testTo: number;
  readonly trainRows: number;
  readonly metrics: ClassificationMetrics;
}

export interface StrategyResult extends Performance {
  /** mean |position change| per bar */
  readonly turnover: number;
  /** of the bars with a position, the fraction whose return had the position's sign */
  readonly hitRate: number;
}

export interface WalkForwardResult {
  readonly folds: FoldResult[];
  /** over every test prediction of every fold together */
  readonly metrics: ClassificationMetrics;
  /** the lower 95% bound of that AUC is above 0.5 (Hanley-McNeil) */
  readonly aboveChance: boolean;
  readonly strategy: StrategyResult;
  readonly buyAndHold: Performance;
  /** the out-of-sample probability at each bar (NaN outside the test windows) */
  readonly probabilities: Float64Array;
}

export class WalkForwardError extends Error {
  override name = 'WalkForwardError';
}

/**
 * Walk-forward validation of a model on one series. The bars from the features' lookback to the
 * last labelled bar are cut into `folds + 1` blocks; fold k tests on block k + 1 and trains on the
 * bars before it, less a purge of at least `horizon` bars, so that no training label (which looks
 * `horizon` bars ahead) reaches into the test window, and less an embargo after earlier test
 * windows. Each fold refits the model. The strategy trades the out-of-sample probability: at each
 * test bar's close it holds +1 (p > 0.5 + band), -1 (p < 0.5 - band; 0 when long-only) or 0 for the
 * next bar, paying costBps per side on every change; buy-and-hold holds +1 over the same bars,
 * entering once.
 */
export function walkForward(series: FeatureSeries, o: WalkForwardOptions): WalkForwardResult {
  const n = series.close.length;
  const h = o.horizon;
  const folds = o.folds ?? 5;
  const purge = Math.max(h, o.purge ?? h);
  const embargo = o.embargo ?? 0;
  const ppy = o.periodsPerYear ?? 252;
  const costs = (o.costBps ?? 0) / 10_000;
  const band = o.band ?? 0;
  if (!Number.isInteger(h) || h < 1) throw new WalkForwardError('horizon must be a positive integer');
  if (!Number.isInteger(folds) || folds < 1) throw new WalkForwardError('folds must be a positive integer');
  const columns = computeFeatures(series, o.features);
  const labels = forwardLabels(series.close, h, o.deadBand ?? 0);
  const first = featuresLookback(o.features);
  const last = n - h; // labels exist for i < n - h
  const block = Math.floor((last - first) / (folds + 1));
  if (block < 20) {
    throw new WalkForwardError(
      `series too short: ${n} bars leave ${Math.max(0, last - first)} labelled bars after a lookback of ${first}; need at least ${21 * (folds + 1)} for ${folds} folds`,
    );
  }
  const rowAt = (i: number) => Float64Array.from(columns, (c) => c[i]!);
  const usable = (i: number) => !Number.isNaN(labels[i]!) && columns.every((c) => Number.isFinite(c[i]!));

  const probabilities = new Float64Array(n).fill(Number.NaN);
  const results: FoldResult[] = [];
  const allY: number[] = [];
  const allP: number[] = [];
  const embargoed: [number, number][] = [];
  for (let k = 0; k < folds; k++) {
    const testFrom = first + (k + 1) * block;
    const testTo = k === folds - 1 ? last : testFrom + block;
    const trainTo = testFrom - purge;
    const trainFrom = o.window === 'rolling' ? Math.max(first, trainTo - (o.trainBars ?? block)) : first;
    const trainRows: Float64Array[] = [];
    const trainY: number[] = [];
    for (let i = trainFrom; i < trainTo; i++) {
      if (!usable(i) || embargoed.some(([a, b]) => i >= a && i < b)) continue;
      trainRows.push(rowAt(i));
      trainY.push(labels[i]!);
    }
    if (trainRows.length < 20 || new Set(trainY).size < 2) {
      throw new WalkForwardError(`fold ${k + 1} has too few training rows with both labels (${trainRows.length})`);
    }
    const model = fitModel(o.model, trainRows, trainY);
    const ys: number[] = [];
    const ps: number[] = [];
    for (let i = testFrom; i < testTo; i++) {
      if (!columns.every((c) => Number.isFinite(c[i]!))) continue;
      const p = model.predict(rowAt(i));
      probabilities[i] = p;
      if (!Number.isNaN(labels[i]!)) {
        ys.push(labels[i]!);
        ps.push(p);
      }
    }
    embargoed.push([testTo, testTo + embargo]);
    allY.push(...ys);
    allP.push(...ps);
    results.push({ trainFrom, trainTo, testFrom, testTo, trainRows: trainRows.length, metrics: classificationMetrics(ys, ps) });
  }

  // Trade the out-of-sample probabilities bar by bar over the test span.
  const start = first + block;
  const close = series.close;
  const strategy: number[] = [];
  const hold: number[] = [];
  let pos = 0;
  let moved = 0;
  let hits = 0;
  let held = 0;
  for (let i = start; i < last; i++) {
    const p = probabilities[i]!;
    const next = Number.isNaN(p) ? 0 : p > 0.5 + band ? 1 : p < 0.5 - band ? (o.longOnly ? 0 : -1) : 0;
    const r = close[i + 1]! / close[i]! - 1;
    const change = Math.abs(next - pos);
    moved += change;
    strategy.push(next * r - change * costs);
    hold.push(r - (i === start ? costs : 0));
    if (next !== 0) {
      held++;
      if (next * r > 0) hits++;
    }
    pos = next;
  }
  return {
    folds: results,
    metrics: classificationMetrics(allY, allP),
    aboveChance: aucAboveChance(allY, auc(allY, allP)),
    strategy: {
      ...performance(strategy, ppy),
      turnover: moved / Math.max(1, strategy.length),
      hitRate: held > 0 ? hits / held : Number.NaN,
    },
    buyAndHold: { ...performance(hold, ppy), maxDrawdown: maxDrawdown(hold) },
    probabilities,
  };
}

export function isModelKind(kind: string): kind is ModelKind {
  return kind === 'logistic' || kind === 'gbdt';
}

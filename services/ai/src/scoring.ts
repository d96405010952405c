import { type AiSignal, INTERVAL_MS, type Interval } from '@bourse/core';
import { type Classifier, computeFeatures, featuresLookback, loadClassifier, type ModelArtefact } from '@bourse/quant/ml';
import type { ModelRecord, Store } from '@bourse/store';
import { columns, finalBars } from './dataset.ts';

/** A probability this far from 0.5 is a buy or a sell; closer, a hold. */
export const SIGNAL_BAND = 0.05;
/** Features named in a signal's explanation. */
const TOP_FEATURES = 3;

/** An active model, loaded once. */
export interface LoadedModel {
  readonly record: ModelRecord;
  readonly classifier: Classifier;
}

export function loadModel(record: ModelRecord): LoadedModel {
  return { record, classifier: loadClassifier(record.artefact as ModelArtefact) };
}

/**
 * The signal of a model for a symbol at the close of its latest final bar at or before `upTo`
 * (default: the latest), or undefined when the symbol has too few bars for the features. Only
 * bars that had closed by then are read.
 */
export async function scoreSymbol(
  store: Pick<Store, 'bars'>,
  m: LoadedModel,
  symbol: string,
  upTo?: number,
): Promise<AiSignal | undefined> {
  const { record, classifier } = m;
  const interval = record.interval as Interval;
  const width = INTERVAL_MS[interval];
  const need = featuresLookback(record.features) + 1;
  const bars = await finalBars(store, symbol, interval, upTo === undefined ? {} : { to: upTo });
  if (bars.length < need) return undefined;
  const c = columns(bars);
  const feats = computeFeatures(c, record.features);
  const i = bars.length - 1;
  const row = Float64Array.from(feats, (f) => f[i]!);
  if (!row.every(Number.isFinite)) return undefined;
  const probability = classifier.predict(row);
  const contributions = classifier.contributions(row);
  const top = [...contributions.keys()]
    .sort((a, b) => Math.abs(contributions[b]!) - Math.abs(contributions[a]!))
    .slice(0, TOP_FEATURES)
    .map((j) => ({ name: record.features[j]!, value: row[j]!, contribution: contributions[j]! }));
  const metrics = record.metrics as { auc?: number | null; n?: number; aboveChance?: boolean };
  return {
    symbol,
    signal: probability > 0.5 + SIGNAL_BAND ? 'buy' : probability < 0.5 - SIGNAL_BAND ? 'sell' : 'hold',
    probability,
    confidence: Math.abs(2 * probability - 1),
    horizon: record.horizon,
    interval,
    modelId: record.id,
    version: record.version,
    asOf: bars[i]!.start + width,
    topFeatures: top,
    oos: { auc: metrics.auc ?? null, n: metrics.n ?? 0, aboveChance: metrics.aboveChance ?? false },
  };
}

import { BadRequestError, type Interval, isInterval } from '@bourse/core';
import {
  aucAboveChance,
  classificationMetrics,
  DEFAULT_FEATURES,
  feature,
  fitModel,
  isModelKind,
  type ModelSpec,
  UnknownFeatureError,
} from '@bourse/quant/ml';
import type { NewModel, Store } from '@bourse/store';
import { buildDataset, type Sample } from './dataset.ts';

/** What a training job is asked for (POST /ai/models/train; the default model's job). */
export interface TrainRequest {
  readonly name: string;
  readonly kind: 'logistic' | 'gbdt';
  readonly params?: Record<string, number>;
  readonly features: readonly string[];
  readonly horizon: number;
  readonly interval: Interval;
  /** symbols; empty: every registered instrument */
  readonly universe: readonly string[];
  readonly folds: number;
  readonly deadBand: number;
  readonly from?: number;
  readonly to?: number;
  /** make the model active once trained */
  readonly activate: boolean;
}

/** The model every new installation trains on its backfilled daily history. */
export const DEFAULT_MODEL: TrainRequest = {
  name: 'default',
  kind: 'logistic',
  params: { l2: 0.01 },
  features: DEFAULT_FEATURES,
  horizon: 5,
  interval: '1d',
  universe: [],
  folds: 5,
  deadBand: 0,
  activate: true,
};

/** Checks a request's fields against what the models and features accept; a 400 names the field. */
export function checkTrainRequest(r: TrainRequest): TrainRequest {
  if (!isModelKind(r.kind)) throw new BadRequestError(`body.kind must be logistic or gbdt (got "${r.kind}")`);
  if (!isInterval(r.interval)) throw new BadRequestError(`body.interval is not an interval: ${r.interval}`);
  for (const f of r.features) {
    try {
      feature(f);
    } catch (err) {
      if (err instanceof UnknownFeatureError) throw new BadRequestError(`body.features: ${err.message}`);
      throw err;
    }
  }
  return r;
}

export class NotEnoughHistoryError extends Error {
  override name = 'NotEnoughHistoryError';
}

/**
 * Trains a model on the pooled rows of its universe and measures it honestly first: the rows
 * are cut by time into `folds + 1` blocks; fold k tests on block k + 1 with a model fitted on the
 * rows whose label was known before the block began (a purge of the horizon: a label looks
 * `horizon` bars ahead, so a row is used only if its label's bar closed before the test window).
 * The out-of-sample metrics are those of every fold's predictions together; the artefact is a
 * final fit on every row.
 */
export async function train(
  store: Pick<Store, 'bars' | 'instruments'>,
  request: TrainRequest,
  createdBy: string,
  onProgress: (p: number) => Promise<void> = async () => {},
): Promise<NewModel> {
  const r = checkTrainRequest(request);
  const universe = r.universe.length > 0 ? [...r.universe] : await store.instruments.symbols();
  const data = await buildDataset(store, { ...r, symbols: universe }, (done, total) => onProgress((0.3 * done) / total));
  const s = data.samples;
  const minRows = 30 * (r.folds + 1);
  if (s.length < minRows) {
    throw new NotEnoughHistoryError(
      `not enough ${r.interval} history: ${s.length} labelled rows from ${data.bars} final bars of ${data.symbols.length} symbols; need ${minRows}`,
    );
  }
  const spec = { kind: r.kind, ...(r.params ? { params: r.params } : {}) } as ModelSpec;
  const block = Math.floor(s.length / (r.folds + 1));
  const ys: number[] = [];
  const ps: number[] = [];
  const folds: { testFrom: number; testTo: number; trainRows: number; auc: number }[] = [];
  for (let k = 0; k < r.folds; k++) {
    const testStart = s[(k + 1) * block]!.time;
    const testEnd = k === r.folds - 1 ? Number.POSITIVE_INFINITY : s[(k + 2) * block]!.time;
    const training = s.filter((x) => x.labelTime <= testStart);
    const testing = s.filter((x) => x.time >= testStart && x.time < testEnd);
    if (training.length < 30 || new Set(training.map((x) => x.label)).size < 2 || testing.length === 0) continue;
    const model = fitModel(spec, rowsOf(training), labelsOf(training));
    const fy = labelsOf(testing);
    const fp = testing.map((x) => model.predict(x.row));
    ys.push(...fy);
    ps.push(...fp);
    folds.push({
      testFrom: testStart,
      testTo: Math.min(testEnd, testing.at(-1)!.time),
      trainRows: training.length,
      auc: classificationMetrics(fy, fp).auc,
    });
    await onProgress(0.3 + (0.6 * (k + 1)) / r.folds);
  }
  const oos = classificationMetrics(ys, ps);
  const final = fitModel(spec, rowsOf(s), labelsOf(s));
  await onProgress(1);
  return {
    name: r.name,
    kind: r.kind,
    features: [...r.features],
    horizon: r.horizon,
    interval: r.interval,
    universe: data.symbols,
    params: { ...(r.params ?? {}), folds: r.folds, deadBand: r.deadBand },
    trainFrom: s[0]!.time,
    trainTo: s.at(-1)!.time,
    dataHash: data.hash,
    metrics: { ...oos, auc: finite(oos.auc), aboveChance: aucAboveChance(ys, oos.auc), folds, rows: s.length },
    artefact: final.toJSON(),
    status: 'candidate',
    createdBy,
  };
}

const rowsOf = (xs: readonly Sample[]) => xs.map((x) => x.row);
const labelsOf = (xs: readonly Sample[]) => xs.map((x) => x.label);
const finite = (x: number) => (Number.isFinite(x) ? x : null);

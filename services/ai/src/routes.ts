import { AiSignal, BadRequestError, INTERVALS, NotFoundError, SymbolSchema } from '@bourse/core';
import { type App, ErrorResponse, queryTime, TimeQuery } from '@bourse/kit';
import { DEFAULT_FEATURES, FEATURES, UnknownFeatureError, WalkForwardError, walkForward } from '@bourse/quant/ml';
import type { ModelRecord, Store, TrainJobRecord } from '@bourse/store';
import Type, { type Static } from 'typebox';
import { checkTrainRequest, type TrainRequest } from './training.ts';

/** The longest series /ai/backtest takes: a walk-forward refits once per fold, so the cost grows with both. */
const MAX_SERIES = 20_000;
const tags = ['ai'];
/** A variable, not a literal, so that it type-checks as the kit's route auth level. */
const PUBLIC_ROUTE = { auth: 'public' } as const;

const Column = Type.Array(Type.Number(), { minItems: 1, maxItems: MAX_SERIES });
const ModelKind = Type.Enum(['logistic', 'gbdt']);
const ModelParams = Type.Record(Type.String({ maxLength: 32 }), Type.Number(), {
  description: 'logistic: l2; gbdt: trees, depth, learningRate, lambda, minLeaf, subsample, seed',
});
const FeatureNames = Type.Array(Type.String({ maxLength: 32 }), {
  minItems: 1,
  maxItems: FEATURES.length,
  description: `features (default: ${DEFAULT_FEATURES.join(', ')})`,
});

const BacktestBody = Type.Object({
  series: Type.Object({
    t: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { maxItems: MAX_SERIES })),
    open: Type.Optional(Column),
    high: Column,
    low: Column,
    close: Column,
    volume: Column,
  }),
  model: Type.Object({ kind: ModelKind, params: Type.Optional(ModelParams) }),
  horizon: Type.Integer({ minimum: 1, maximum: 250 }),
  features: Type.Optional(FeatureNames),
  costBps: Type.Optional(Type.Number({ minimum: 0, maximum: 1000 })),
  folds: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  deadBand: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5 })),
  periodsPerYear: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000 })),
});

const Num = Type.Union([Type.Number(), Type.Null()]);
const Perf = { totalReturn: Num, annualReturn: Num, volatility: Num, sharpe: Num, maxDrawdown: Num };
const Metrics = Type.Object({
  n: Type.Integer(),
  auc: Num,
  accuracy: Num,
  balancedAccuracy: Num,
  logLoss: Num,
  brier: Num,
  aboveChance: Type.Boolean(),
});
const BacktestResult = Type.Object({
  folds: Type.Array(
    Type.Object({
      trainFrom: Type.Integer(),
      trainTo: Type.Integer(),
      testFrom: Type.Integer(),
      testTo: Type.Integer(),
      trainRows: Type.Integer(),
      auc: Num,
    }),
  ),
  metrics: Metrics,
  strategy: Type.Object({ ...Perf, turnover: Num, hitRate: Num }),
  buyAndHold: Type.Object(Perf),
});

const TrainBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' })),
  kind: ModelKind,
  params: Type.Optional(ModelParams),
  features: Type.Optional(FeatureNames),
  horizon: Type.Integer({ minimum: 1, maximum: 250 }),
  interval: Type.Enum(INTERVALS),
  universe: Type.Optional(Type.Array(SymbolSchema, { maxItems: 1000, description: 'symbols (default: every registered instrument)' })),
  folds: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  deadBand: Type.Optional(Type.Number({ minimum: 0, maximum: 0.5 })),
  from: Type.Optional(Type.Integer({ minimum: 0, maximum: 253_402_300_799_999 })),
  to: Type.Optional(Type.Integer({ minimum: 0, maximum: 253_402_300_799_999 })),
  activate: Type.Optional(Type.Boolean()),
});

const Job = Type.Object({
  id: Type.String(),
  state: Type.Enum(['queued', 'running', 'succeeded', 'failed']),
  progress: Type.Number(),
  request: Type.Unknown(),
  modelId: Type.Union([Type.String(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.Integer(),
  startedAt: Type.Union([Type.Integer(), Type.Null()]),
  finishedAt: Type.Union([Type.Integer(), Type.Null()]),
});

const Model = Type.Object({
  id: Type.String(),
  name: Type.String(),
  version: Type.Integer(),
  kind: Type.String(),
  status: Type.Enum(['candidate', 'active', 'retired']),
  features: Type.Array(Type.String()),
  horizon: Type.Integer(),
  interval: Type.String(),
  universe: Type.Array(Type.String()),
  params: Type.Record(Type.String(), Type.Unknown()),
  trainFrom: Type.Integer(),
  trainTo: Type.Integer(),
  dataHash: Type.String(),
  metrics: Type.Record(Type.String(), Type.Unknown(), {
    description: 'out-of-sample (walk-forward) metrics; aboveChance false flags a model no better than a coin',
  }),
  aboveChance: Type.Boolean(),
  createdAt: Type.Integer(),
  createdBy: Type.String(),
});
const ModelWithArtefact = Type.Object({ ...Model.properties, artefact: Type.Unknown() });

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const SymbolParams = Type.Object({ symbol: SymbolSchema });
const SignalQuery = Type.Object({
  from: Type.Optional(TimeQuery),
  to: Type.Optional(TimeQuery),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })),
});

const jobOut = (j: TrainJobRecord) => ({ ...j, createdBy: undefined });
const modelOut = (m: ModelRecord) => {
  const { artefact: _artefact, ...rest } = m;
  return { ...rest, aboveChance: (m.metrics as { aboveChance?: boolean }).aboveChance === true };
};
/** JSON has no NaN: a metric that is undefined (one class only) travels as null. */
const nullIfNaN = <K extends string>(o: Readonly<Record<K, number>>) =>
  Object.fromEntries(Object.entries<number>(o).map(([k, v]) => [k, Number.isFinite(v) ? v : null])) as Record<K, number | null>;

export async function aiRoutes(app: App, store: Store, onActivated: (id: string) => Promise<void>): Promise<void> {
  app.post(
    '/ai/backtest',
    {
      // A calculator: it reads and writes nothing, like the options pricing routes.
      config: PUBLIC_ROUTE,
      schema: {
        tags,
        summary: 'Walk-forward validation of a model on a posted series',
        description:
          'Expanding training windows with a purge of the horizon before each test window; out-of-sample AUC, accuracy, log loss and Brier score, and the signal traded with costs against buy-and-hold on the same bars.',
        body: BacktestBody,
        response: { 200: BacktestResult, 400: ErrorResponse },
      },
    },
    async (request) => {
      const b = request.body;
      const s = b.series;
      const n = s.close.length;
      for (const [name, col] of Object.entries(s)) {
        if (col && col.length !== n) throw new BadRequestError(`body.series.${name} has ${col.length} values, body.series.close ${n}`);
      }
      for (const name of ['high', 'low', 'close'] as const) {
        const at = s[name].findIndex((x) => !(x > 0));
        if (at >= 0) throw new BadRequestError(`body.series.${name}[${at}] must be a positive price`);
      }
      try {
        const r = walkForward(
          {
            high: Float64Array.from(s.high),
            low: Float64Array.from(s.low),
            close: Float64Array.from(s.close),
            volume: Float64Array.from(s.volume),
          },
          {
            model: { kind: b.model.kind, ...(b.model.params ? { params: b.model.params } : {}) } as never,
            horizon: b.horizon,
            features: b.features ?? DEFAULT_FEATURES,
            ...(b.folds === undefined ? {} : { folds: b.folds }),
            ...(b.costBps === undefined ? {} : { costBps: b.costBps }),
            ...(b.deadBand === undefined ? {} : { deadBand: b.deadBand }),
            ...(b.periodsPerYear === undefined ? {} : { periodsPerYear: b.periodsPerYear }),
          },
        );
        return {
          folds: r.folds.map(({ metrics, ...f }) => ({ ...f, auc: Number.isFinite(metrics.auc) ? metrics.auc : null })),
          metrics: {
            ...nullIfNaN({
              n: r.metrics.n,
              auc: r.metrics.auc,
              accuracy: r.metrics.accuracy,
              balancedAccuracy: r.metrics.balancedAccuracy,
              logLoss: r.metrics.logLoss,
              brier: r.metrics.brier,
            }),
            n: r.metrics.n,
            aboveChance: r.aboveChance,
          },
          strategy: nullIfNaN({ ...r.strategy }),
          buyAndHold: nullIfNaN({ ...r.buyAndHold }),
        };
      } catch (err) {
        if (err instanceof WalkForwardError || err instanceof UnknownFeatureError) throw new BadRequestError(`body: ${err.message}`);
        throw err;
      }
    },
  );

  app.post(
    '/ai/models/train',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Train a model (a job run by an ai worker)',
        body: TrainBody,
        response: { 202: Job, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      const b = request.body;
      if (b.from !== undefined && b.to !== undefined && b.from > b.to) throw new BadRequestError('body.from must not be after body.to');
      const train: TrainRequest = checkTrainRequest({
        name: b.name ?? `${b.kind}-${b.interval}-h${b.horizon}`,
        kind: b.kind,
        ...(b.params ? { params: b.params } : {}),
        features: b.features ?? DEFAULT_FEATURES,
        horizon: b.horizon,
        interval: b.interval,
        universe: b.universe ?? [],
        folds: b.folds ?? 5,
        deadBand: b.deadBand ?? 0,
        ...(b.from === undefined ? {} : { from: b.from }),
        ...(b.to === undefined ? {} : { to: b.to }),
        activate: b.activate ?? false,
      });
      if (train.universe.length > 0) {
        const known = new Set(await store.instruments.symbols());
        const unknown = train.universe.find((s) => !known.has(s));
        if (unknown) throw new BadRequestError(`body.universe: unknown symbol ${unknown}`);
      }
      const job = await store.ai.enqueueJob({ ...train }, request.principal?.userId ?? 'anonymous');
      return reply.status(202).send(jobOut(job));
    },
  );

  app.get(
    '/ai/jobs',
    { schema: { tags, summary: 'Training jobs, newest first', response: { 200: Type.Object({ data: Type.Array(Job) }) } } },
    async () => ({
      data: (await store.ai.jobs(100)).map(jobOut),
    }),
  );

  app.get(
    '/ai/jobs/:id',
    { schema: { tags, summary: 'A training job and its progress', params: IdParams, response: { 200: Job, 404: ErrorResponse } } },
    async (request) => {
      const job = await store.ai.job(request.params.id);
      if (!job) throw new NotFoundError(`no training job ${request.params.id}`);
      return jobOut(job);
    },
  );

  app.get(
    '/ai/models',
    {
      schema: {
        tags,
        summary: 'The model registry',
        querystring: Type.Object({ status: Type.Optional(Type.Enum(['candidate', 'active', 'retired'])) }),
        response: { 200: Type.Object({ data: Type.Array(Model) }) },
      },
    },
    async (request) => ({ data: (await store.ai.models(request.query.status ? { status: request.query.status } : {})).map(modelOut) }),
  );

  app.get(
    '/ai/models/:id',
    { schema: { tags, summary: 'A model with its artefact', params: IdParams, response: { 200: ModelWithArtefact, 404: ErrorResponse } } },
    async (request) => {
      const m = await store.ai.model(request.params.id);
      if (!m) throw new NotFoundError(`no model ${request.params.id}`);
      return { ...modelOut(m), artefact: m.artefact };
    },
  );

  for (const [action, status] of [
    ['activate', 'active'],
    ['retire', 'retired'],
  ] as const) {
    app.post(
      `/ai/models/:id/${action}`,
      {
        config: { auth: 'admin' },
        schema: {
          tags,
          summary: `${action === 'activate' ? 'Activate' : 'Retire'} a model (admins)`,
          params: IdParams,
          response: { 200: Model, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
        },
      },
      async (request) => {
        const m = await store.ai.setStatus(request.params.id, status);
        if (!m) throw new NotFoundError(`no model ${request.params.id}`);
        if (status === 'active') await onActivated(m.id);
        return modelOut(m);
      },
    );
  }

  app.get(
    '/ai/signals/:symbol',
    {
      schema: {
        tags,
        summary: "A symbol's latest signal, and its history with from/to",
        params: SymbolParams,
        querystring: SignalQuery,
        response: {
          200: Type.Object({
            symbol: Type.String(),
            latest: Type.Union([AiSignal, Type.Null()]),
            history: Type.Optional(Type.Array(AiSignal)),
          }),
          400: ErrorResponse,
        },
      },
    },
    async (request) => {
      const { symbol } = request.params;
      const q = request.query;
      const latest = ((await store.ai.latestSignal(symbol)) as Static<typeof AiSignal> | undefined) ?? null;
      if (q.from === undefined && q.to === undefined) return { symbol, latest };
      const from = queryTime(q.from, 'from') ?? 0;
      const to = queryTime(q.to, 'to') ?? Date.now();
      const history = (await store.ai.signals(symbol, { from, to, limit: q.limit ?? 500 })) as Static<typeof AiSignal>[];
      return { symbol, latest, history };
    },
  );
}

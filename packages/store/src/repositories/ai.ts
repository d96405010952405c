import { randomUUID } from 'node:crypto';
import { type Kysely, type Selectable, sql } from 'kysely';
import { toDate, toMs } from '../rows.ts';
import type { AiModelsTable, AiTrainJobsTable, Database } from '../schema.ts';

export type ModelStatus = 'candidate' | 'active' | 'retired';

/** A model as the registry keeps it. Times are UTC epoch ms. */
export interface ModelRecord {
  id: string;
  name: string;
  version: number;
  kind: string;
  features: string[];
  horizon: number;
  interval: string;
  universe: string[];
  params: Record<string, unknown>;
  trainFrom: number;
  trainTo: number;
  dataHash: string;
  metrics: Record<string, unknown>;
  artefact: unknown;
  status: ModelStatus;
  createdAt: number;
  createdBy: string;
}

export type NewModel = Omit<ModelRecord, 'id' | 'version' | 'createdAt'>;

export type TrainJobState = 'queued' | 'running' | 'succeeded' | 'failed';

export interface TrainJobRecord {
  id: string;
  state: TrainJobState;
  /** 0 to 1 */
  progress: number;
  request: Record<string, unknown>;
  modelId: string | null;
  error: string | null;
  createdBy: string;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface AiRepository {
  /** Registers a model as the next version of its name. */
  addModel(model: NewModel): Promise<ModelRecord>;
  models(filter?: { status?: ModelStatus }): Promise<ModelRecord[]>;
  model(id: string): Promise<ModelRecord | undefined>;
  /** Activating a model retires the active model of the same name: one active version per name. */
  setStatus(id: string, status: ModelStatus): Promise<ModelRecord | undefined>;

  enqueueJob(request: Record<string, unknown>, createdBy: string): Promise<TrainJobRecord>;
  /** Queues the job of this id: a new one, or again after it failed; a job waiting, running or done is left as it is. */
  requeueJob(id: string, request: Record<string, unknown>, createdBy: string): Promise<void>;
  /** Takes the oldest queued job, or a running one whose lease ran out (its worker died), and leases it. */
  claimJob(leaseMs: number): Promise<TrainJobRecord | undefined>;
  /** Records progress and extends the lease. */
  progress(id: string, progress: number, leaseMs: number): Promise<void>;
  finishJob(id: string, outcome: { modelId: string } | { error: string }): Promise<void>;
  job(id: string): Promise<TrainJobRecord | undefined>;
  jobs(limit: number): Promise<TrainJobRecord[]>;

  /** Stores a signal once per (symbol, model, bar); false when it was already stored. */
  addSignal(symbol: string, modelId: string, asOf: number, signal: unknown): Promise<boolean>;
  /** The newest signal of a symbol (of any model), or undefined. */
  latestSignal(symbol: string): Promise<unknown>;
  /** Signals of a symbol with asOf in [from, to], oldest first. */
  signals(symbol: string, range: { from: number; to: number; limit: number }): Promise<unknown[]>;
}

const modelOf = (r: Selectable<AiModelsTable>): ModelRecord => ({
  id: r.id,
  name: r.name,
  version: r.version,
  kind: r.kind,
  features: r.features,
  horizon: r.horizon,
  interval: r.interval,
  universe: r.universe,
  params: r.params,
  trainFrom: toMs(r.train_from),
  trainTo: toMs(r.train_to),
  dataHash: r.data_hash,
  metrics: r.metrics,
  artefact: r.artefact,
  status: r.status as ModelStatus,
  createdAt: toMs(r.created_at),
  createdBy: r.created_by,
});

const jobOf = (r: Selectable<AiTrainJobsTable>): TrainJobRecord => ({
  id: r.id,
  state: r.state as TrainJobState,
  progress: r.progress,
  request: r.request,
  modelId: r.model_id,
  error: r.error,
  createdBy: r.created_by,
  createdAt: toMs(r.created_at),
  startedAt: r.started_at ? toMs(r.started_at) : null,
  finishedAt: r.finished_at ? toMs(r.finished_at) : null,
});

const leaseEnd = (leaseMs: number) => sql<Date>`now() + ${leaseMs} * interval '1 millisecond'`;

export function aiRepository(db: Kysely<Database>): AiRepository {
  return {
    async addModel(m) {
      // Versions of a name count up; the unique (name, version) turns a race into a retry.
      for (let attempt = 0; ; attempt++) {
        const last = await db
          .selectFrom('ai_models')
          .select(sql<number>`coalesce(max(version), 0)`.as('v'))
          .where('name', '=', m.name)
          .executeTakeFirst();
        try {
          const row = await db
            .insertInto('ai_models')
            .values({
              id: `m_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
              name: m.name,
              version: Number(last?.v ?? 0) + 1,
              kind: m.kind,
              features: JSON.stringify(m.features),
              horizon: m.horizon,
              interval: m.interval,
              universe: JSON.stringify(m.universe),
              params: JSON.stringify(m.params),
              train_from: toDate(m.trainFrom),
              train_to: toDate(m.trainTo),
              data_hash: m.dataHash,
              metrics: JSON.stringify(m.metrics),
              artefact: JSON.stringify(m.artefact),
              status: m.status,
              created_by: m.createdBy,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          return modelOf(row);
        } catch (err) {
          if (attempt >= 3 || !/unique|duplicate/i.test((err as Error).message)) throw err;
        }
      }
    },

    async models(filter = {}) {
      let q = db.selectFrom('ai_models').selectAll();
      if (filter.status) q = q.where('status', '=', filter.status);
      return (await q.orderBy('created_at', 'desc').orderBy('version', 'desc').execute()).map(modelOf);
    },

    async model(id) {
      const row = await db.selectFrom('ai_models').selectAll().where('id', '=', id).executeTakeFirst();
      return row && modelOf(row);
    },

    async setStatus(id, status) {
      return db.transaction().execute(async (tx) => {
        const row = await tx.selectFrom('ai_models').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
        if (!row) return undefined;
        if (status === 'active') {
          await tx
            .updateTable('ai_models')
            .set({ status: 'retired' })
            .where('name', '=', row.name)
            .where('status', '=', 'active')
            .where('id', '!=', id)
            .execute();
        }
        const updated = await tx.updateTable('ai_models').set({ status }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
        return modelOf(updated);
      });
    },

    async enqueueJob(request, createdBy) {
      const row = await db
        .insertInto('ai_train_jobs')
        .values({
          id: `j_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
          state: 'queued',
          request: JSON.stringify(request),
          created_by: createdBy,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return jobOf(row);
    },

    async requeueJob(id, request, createdBy) {
      await db
        .insertInto('ai_train_jobs')
        .values({ id, state: 'queued', request: JSON.stringify(request), created_by: createdBy })
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet({ state: 'queued', progress: 0, error: null, request: JSON.stringify(request), finished_at: null })
            .where('ai_train_jobs.state', '=', 'failed'),
        )
        .execute();
    },

    async claimJob(leaseMs) {
      return db.transaction().execute(async (tx) => {
        const row = await tx
          .selectFrom('ai_train_jobs')
          .select('id')
          .where((eb) =>
            eb.or([eb('state', '=', 'queued'), eb.and([eb('state', '=', 'running'), eb('lease_until', '<', sql<Date>`now()`)])]),
          )
          .orderBy('created_at')
          .limit(1)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!row) return undefined;
        const claimed = await tx
          .updateTable('ai_train_jobs')
          .set({ state: 'running', progress: 0, started_at: new Date(), lease_until: leaseEnd(leaseMs) })
          .where('id', '=', row.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return jobOf(claimed);
      });
    },

    async progress(id, progress, leaseMs) {
      await db
        .updateTable('ai_train_jobs')
        .set({ progress, lease_until: leaseEnd(leaseMs) })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .execute();
    },

    async finishJob(id, outcome) {
      await db
        .updateTable('ai_train_jobs')
        .set(
          'modelId' in outcome
            ? { state: 'succeeded', progress: 1, model_id: outcome.modelId, finished_at: new Date(), lease_until: null }
            : { state: 'failed', error: outcome.error, finished_at: new Date(), lease_until: null },
        )
        .where('id', '=', id)
        .execute();
    },

    async job(id) {
      const row = await db.selectFrom('ai_train_jobs').selectAll().where('id', '=', id).executeTakeFirst();
      return row && jobOf(row);
    },

    async jobs(limit) {
      return (await db.selectFrom('ai_train_jobs').selectAll().orderBy('created_at', 'desc').limit(limit).execute()).map(jobOf);
    },

    async addSignal(symbol, modelId, asOf, signal) {
      const r = await db
        .insertInto('ai_signals')
        .values({ symbol, model_id: modelId, as_of: toDate(asOf), signal: JSON.stringify(signal) })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async latestSignal(symbol) {
      const row = await db
        .selectFrom('ai_signals')
        .select('signal')
        .where('symbol', '=', symbol)
        .orderBy('as_of', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.signal;
    },

    async signals(symbol, { from, to, limit }) {
      const rows = await db
        .selectFrom('ai_signals')
        .select('signal')
        .where('symbol', '=', symbol)
        .where('as_of', '>=', toDate(from))
        .where('as_of', '<=', toDate(to))
        .orderBy('as_of')
        .limit(limit)
        .execute();
      return rows.map((r) => r.signal);
    },
  };
}

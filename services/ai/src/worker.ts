import type { Bus, Consumer } from '@bourse/bus';
import { AI_SIGNAL, type AiSignal, barPayload, envelope, type Interval, subjects } from '@bourse/core';
import type { Logger, Metrics, Worker } from '@bourse/kit';
import type { Store } from '@bourse/store';
import { type LoadedModel, loadModel, scoreSymbol } from './scoring.ts';
import { DEFAULT_MODEL, NotEnoughHistoryError, type TrainRequest, train } from './training.ts';

/** How long a training job is leased to a worker before another may take it over (renewed on progress). */
const LEASE_MS = 120_000;
/** The id of the default model's job: one per installation, however many ai instances start. */
const DEFAULT_JOB = 'default';

interface Deps {
  readonly bus: Bus;
  readonly store: Store;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly instanceId: string;
  readonly defaultModel: boolean;
  readonly pollMs: number;
}

/**
 * The ai service's background work: run training jobs (leased, so one worker runs each; a
 * worker that dies leaves its job to the next once the lease ends), keep the default model
 * trained, and score every active model's universe on each final bar of its interval (a durable
 * consumer per interval shared by every instance, so a symbol's signal is emitted once; the
 * signal's id is stable, so a redelivery stores and publishes nothing new).
 */
export async function startAiWorker(d: Deps): Promise<Worker & { active(): LoadedModel[]; scoreNow(model: LoadedModel): Promise<number> }> {
  const emitted = d.metrics.counter('ai_signals_total', 'Signals emitted', ['signal']);
  const trained = d.metrics.counter('ai_models_trained_total', 'Training jobs finished', ['outcome']);
  const source = `ai@${d.instanceId}`;
  let active: LoadedModel[] = [];
  const consumers = new Map<Interval, Consumer>();
  let stopping = false;

  async function refreshActive(): Promise<void> {
    const records = await d.store.ai.models({ status: 'active' });
    // A model's artefact is parsed once, when it becomes active, not on every pass of the loop.
    const loaded = new Map(active.map((m) => [m.record.id, m]));
    active = records.map((r) => loaded.get(r.id) ?? loadModel(r));
    for (const m of active) {
      const interval = m.record.interval as Interval;
      if (consumers.has(interval)) continue;
      consumers.set(
        interval,
        await d.bus.consume(`md.bar.${interval}.>`, { durable: `ai-${interval}`, concurrency: 8 }, async (msg) => {
          const bar = barPayload.read(msg.envelope);
          if (!bar.final) return;
          for (const model of active) {
            if (model.record.interval !== bar.interval || !model.record.universe.includes(bar.symbol)) continue;
            const signal = await scoreSymbol(d.store, model, bar.symbol, bar.start);
            if (signal) await emit(signal);
          }
        }),
      );
    }
  }

  async function emit(signal: AiSignal): Promise<void> {
    if (!(await d.store.ai.addSignal(signal.symbol, signal.modelId, signal.asOf, signal))) return;
    await d.bus.publish(
      subjects.signal(signal.symbol),
      envelope({
        id: `signal:${signal.modelId}:${signal.symbol}:${signal.asOf}`,
        type: AI_SIGNAL,
        source,
        key: signal.symbol,
        data: signal,
      }),
    );
    emitted.inc({ signal: signal.signal });
  }

  /** Signals of every symbol of a model at its latest final bar: what a newly activated model says at once. */
  async function scoreNow(model: LoadedModel): Promise<number> {
    let n = 0;
    for (const symbol of model.record.universe) {
      const signal = await scoreSymbol(d.store, model, symbol);
      if (signal) {
        await emit(signal);
        n++;
      }
    }
    return n;
  }

  async function runJob(): Promise<boolean> {
    const job = await d.store.ai.claimJob(LEASE_MS);
    if (!job) return false;
    const request = job.request as unknown as TrainRequest;
    const log = d.log.child({ job: job.id, model: request.name });
    log.info({ kind: request.kind, interval: request.interval, horizon: request.horizon }, 'training started');
    const t0 = performance.now();
    try {
      const model = await train(d.store, request, job.createdBy, (p) => d.store.ai.progress(job.id, p, LEASE_MS));
      const added = await d.store.ai.addModel(model);
      if (request.activate) await d.store.ai.setStatus(added.id, 'active');
      await d.store.ai.finishJob(job.id, { modelId: added.id });
      trained.inc({ outcome: 'succeeded' });
      const metrics = model.metrics as { auc: number | null; aboveChance: boolean; rows: number };
      log.info(
        {
          modelId: added.id,
          version: added.version,
          rows: metrics.rows,
          auc: metrics.auc,
          aboveChance: metrics.aboveChance,
          ms: Math.round(performance.now() - t0),
        },
        metrics.aboveChance ? 'model trained' : 'model trained; its out-of-sample AUC is not above chance',
      );
      if (request.activate) {
        await refreshActive();
        const m = active.find((x) => x.record.id === added.id);
        if (m) log.info({ signals: await scoreNow(m) }, 'signals of the new model emitted');
      }
    } catch (err) {
      const message = (err as Error).message;
      await d.store.ai.finishJob(job.id, { error: message });
      trained.inc({ outcome: 'failed' });
      if (err instanceof NotEnoughHistoryError) log.info({ reason: message }, 'training postponed');
      else log.error({ err }, 'training failed');
    }
    return true;
  }

  /** Queue the default model's job when no default model is active and its job is not waiting or running. */
  async function ensureDefault(): Promise<void> {
    if (!d.defaultModel) return;
    if ((await d.store.ai.models()).some((m) => m.name === DEFAULT_MODEL.name && m.status !== 'candidate')) return;
    await d.store.ai.requeueJob(DEFAULT_JOB, { ...DEFAULT_MODEL }, 'system');
  }

  await refreshActive();
  let lastDefault = 0;
  const loop = (async () => {
    while (!stopping) {
      try {
        if (Date.now() - lastDefault > 60_000) {
          lastDefault = Date.now();
          await ensureDefault();
        }
        if (await runJob()) continue;
        await refreshActive();
      } catch (err) {
        d.log.warn({ err }, 'ai worker: will try again');
      }
      await new Promise((r) => setTimeout(r, d.pollMs));
    }
  })();

  return {
    active: () => active,
    scoreNow,
    async stop() {
      stopping = true;
      await loop;
      await Promise.all([...consumers.values()].map((c) => c.stop()));
    },
  };
}

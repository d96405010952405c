import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { type Interval, isInterval } from '@bourse/core';
import type { ServiceContext, Worker } from '@bourse/kit';
import { type Provider, ProviderError, type SourceId } from '@bourse/providers';
import type { EtlJobRecord, EtlJobState, EtlSymbolRecord, SymbolOutcome } from '@bourse/store';
import { CHECKS, checkBars } from './quality.ts';
import { ensureRegistered } from './registry.ts';

/** Asset classes that trade every day: no weekend gap rule. */
const EVERY_DAY = new Set(['crypto']);

export interface RunnerEvents {
  /** a symbol of a job finished (for progress lines) */
  onSymbol?(job: EtlJobRecord, symbol: string, outcome: SymbolOutcome & { loaded: number }): void;
  onJob?(job: EtlJobRecord, state: EtlJobState): void;
}

/**
 * Runs ETL jobs: takes the oldest queued job (or one whose worker's lease ran out) under a lease,
 * keeps the lease while it works, and per symbol fetches from the job's source, checks quality and
 * loads in one transaction. Symbols finished by an earlier attempt are not run again; one that was
 * running when its worker died is loaded again, idempotently.
 */
export class JobRunner {
  readonly #ctx: ServiceContext<'store' | 'bus'>;
  readonly #providers: ReadonlyMap<SourceId, Provider>;
  readonly #owner: string;
  readonly #events: RunnerEvents;
  readonly #issues;
  readonly #rows;
  readonly #jobs;

  constructor(ctx: ServiceContext<'store' | 'bus'>, providers: ReadonlyMap<SourceId, Provider>, owner: string, events: RunnerEvents = {}) {
    this.#ctx = ctx;
    this.#providers = providers;
    this.#owner = owner;
    this.#events = events;
    const { metrics } = ctx;
    this.#issues = metrics.counter('etl_quality_issues_total', 'Quality issues found by ETL loads, by check and outcome', [
      'check',
      'outcome',
    ]);
    for (const check of CHECKS) this.#issues.inc({ check, outcome: 'rejected' }, 0);
    this.#rows = metrics.counter('etl_rows_total', 'Rows handled by ETL loads, by source and what became of them', ['source', 'result']);
    this.#jobs = metrics.counter('etl_jobs_total', 'ETL jobs finished, by source and state', ['source', 'state']);
  }

  /** Take and run one job; false when there was none to take. */
  async runOnce(): Promise<boolean> {
    const { store, config } = this.#ctx;
    const job = await store.etl.claim(this.#owner, config.etl.leaseMs);
    if (!job) return false;
    await this.#run(job);
    return true;
  }

  /** Take and run one given job (the CLI's `bourse etl run`); false when it is not there to take. */
  async runJob(id: string): Promise<boolean> {
    const job = await this.#ctx.store.etl.claim(this.#owner, this.#ctx.config.etl.leaseMs, id);
    if (!job) return false;
    await this.#run(job);
    return true;
  }

  /** `workers` loops that poll for jobs every pollMs while idle. */
  start(workers: number): Worker {
    let stopping = false;
    let wake: (() => void) | undefined;
    const loop = async () => {
      while (!stopping) {
        let ran = false;
        try {
          ran = await this.runOnce();
        } catch (err) {
          this.#ctx.log.warn({ err }, 'etl worker: taking or running a job failed');
        }
        if (!ran && !stopping)
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.#ctx.config.etl.pollMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
      }
    };
    const loops = Array.from({ length: workers }, loop);
    return {
      async stop() {
        stopping = true;
        wake?.();
        await Promise.all(loops);
      },
    };
  }

  async #run(job: EtlJobRecord): Promise<void> {
    const { store, config, log } = this.#ctx;
    const lease = { lost: false, cancel: job.cancelRequested };
    const abort = new AbortController();
    const heartbeat = setInterval(
      () => {
        store.etl
          .renew(job.id, this.#owner, config.etl.leaseMs)
          .then(({ held, cancelRequested }) => {
            if (!held) lease.lost = true;
            if (cancelRequested) lease.cancel = true;
            if (lease.lost || lease.cancel) abort.abort();
          })
          .catch((err: unknown) => log.warn({ err, job: job.id }, 'renewing an etl lease failed'));
      },
      Math.max(100, config.etl.leaseMs / 3),
    );
    try {
      const provider = this.#providers.get(job.source as SourceId);
      const pending = job.symbols.filter((s) => s.state === 'queued' || s.state === 'running');
      for (const row of pending) {
        // Between symbols: extend the lease and see whether a cancel came in.
        const { held, cancelRequested } = await store.etl.renew(job.id, this.#owner, config.etl.leaseMs);
        if (!held) lease.lost = true;
        if (cancelRequested) lease.cancel = true;
        if (lease.lost) return;
        const ref = { id: job.id, owner: this.#owner, source: job.source, interval: job.interval };
        if (lease.cancel) {
          await store.etl.loadSymbol(ref, row.symbol, [], [], { ...EMPTY, state: 'cancelled' });
          continue;
        }
        if (!(await store.etl.startSymbol(job.id, this.#owner, row.symbol))) return;
        const { outcome, bars, issues, extraLoaded } = await this.#symbol(job, provider, row.symbol, abort.signal);
        const result = await store.etl.loadSymbol(ref, row.symbol, bars, issues, { ...outcome, extraLoaded });
        if (!result) return;
        for (const issue of issues) this.#issues.inc({ check: issue.check, outcome: issue.rejected ? 'rejected' : 'flagged' });
        this.#rows.inc({ source: job.source, result: 'loaded' }, result.loaded + extraLoaded);
        this.#rows.inc({ source: job.source, result: 'revised' }, result.revised);
        this.#rows.inc({ source: job.source, result: 'unchanged' }, result.unchanged);
        this.#rows.inc({ source: job.source, result: 'rejected' }, outcome.rejected);
        this.#events.onSymbol?.(job, row.symbol, { ...outcome, loaded: result.loaded + extraLoaded });
        // A long backfill leaves room for requests between symbols.
        await yieldToLoop();
      }
      const final = await store.etl.getJob(job.id);
      if (!final || lease.lost) return;
      const state = finalState(final.symbols, lease.cancel);
      const failed = final.symbols.filter((s) => s.state === 'failed');
      const error = failed.length === 0 ? null : failed.map((s) => `${s.symbol}: ${s.error}`).join('; ');
      if (await store.etl.finishJob(job.id, this.#owner, state, error)) {
        this.#jobs.inc({ source: job.source, state });
        this.#events.onJob?.(final, state);
        log.info({ job: job.id, source: job.source, state, symbols: final.symbols.length }, 'etl job finished');
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  async #symbol(job: EtlJobRecord, provider: Provider | undefined, symbol: string, signal: AbortSignal) {
    const fail = (error: string, fetchMs: number | null = null) => ({
      outcome: { ...EMPTY, state: 'failed' as const, error, fetchMs },
      bars: [],
      issues: [],
      extraLoaded: 0,
    });
    if (!provider) return fail(`source ${job.source} is not enabled (BOURSE_PROVIDERS)`);
    const started = performance.now();
    try {
      if (provider.macro && !provider.history) {
        const series = await provider.macro(symbol, isoDay(job.from), isoDay(job.to), { signal });
        const fetchMs = performance.now() - started;
        const t = performance.now();
        const n = await this.#ctx.store.etl.upsertMacro({
          seriesId: series.seriesId,
          source: provider.id,
          title: series.title ?? null,
          units: series.units ?? null,
          observations: series.observations.map((o) => ({ date: o.date, value: o.value })),
        });
        return {
          outcome: { ...EMPTY, state: 'succeeded' as const, fetched: series.observations.length, fetchMs, loadMs: performance.now() - t },
          bars: [],
          issues: [],
          extraLoaded: n,
        };
      }
      if (!provider.history || !isInterval(job.interval) || !provider.capabilities.history.includes(job.interval)) {
        return fail(`${provider.id} has no ${job.interval} history`);
      }
      if (provider.providerSymbol(symbol) === undefined) return fail(`${provider.id} cannot serve ${symbol}`);
      const rows = await provider.history(symbol, job.interval as Interval, job.from, job.to, { signal });
      const fetchMs = performance.now() - started;
      // Registered once the source has answered for it: a symbol nobody serves stays out of the registry.
      if (!(await ensureRegistered(this.#ctx, provider, symbol)))
        return fail(`unknown symbol ${symbol} and ${provider.id} cannot describe it`);
      const t = performance.now();
      const instrument = await this.#ctx.store.instruments.get(symbol);
      const { accepted, issues } = checkBars(rows, {
        interval: job.interval as Interval,
        to: Math.min(job.to, Date.now()),
        everyDay: EVERY_DAY.has(instrument?.assetClass ?? ''),
      });
      const rejected = issues.filter((i) => i.rejected).length;
      return {
        outcome: {
          ...EMPTY,
          state: 'succeeded' as const,
          fetched: rows.length,
          rejected,
          flagged: issues.length - rejected,
          fetchMs,
          loadMs: performance.now() - t,
        },
        bars: accepted,
        issues,
        extraLoaded: 0,
      };
    } catch (err) {
      // A provider's refusal fails this symbol (the job goes on); anything else too, with its message.
      const message = err instanceof ProviderError ? err.message : `${(err as Error).name}: ${(err as Error).message}`;
      if (!(err instanceof ProviderError)) this.#ctx.log.warn({ err, job: job.id, symbol }, 'etl symbol failed');
      return fail(message, performance.now() - started);
    }
  }
}

const EMPTY = { fetched: 0, rejected: 0, flagged: 0, fetchMs: null, loadMs: null, error: null } as const;

function finalState(symbols: readonly EtlSymbolRecord[], cancelled: boolean): EtlJobState {
  if (cancelled) return 'cancelled';
  const failed = symbols.filter((s) => s.state === 'failed').length;
  if (failed === 0) return 'succeeded';
  return failed === symbols.length ? 'failed' : 'partially_succeeded';
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

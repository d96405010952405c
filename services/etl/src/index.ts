import type { Config } from '@bourse/core';
import { defineService, type ServiceContext, type Worker } from '@bourse/kit';
import type { Cache } from '@bourse/cache';
import { createProviders, type Provider, type SourceId, SyntheticSource } from '@bourse/providers';
import { queueBackfill } from './backfill.ts';
import { JobRunner } from './runner.ts';
import { etlRoutes } from './routes.ts';
import { parseSchedules, startSchedules } from './schedules.ts';

export { checkBars } from './quality.ts';
export type { Check, QualityOptions, QualityResult, RawBar } from './quality.ts';
export { JobRunner } from './runner.ts';
export { queueBackfill } from './backfill.ts';

export interface EtlServiceOptions {
  /**
   * The sources this process collects from. Default: the synthetic market's history (offline).
   * The connectors' factory (createProviders in @bourse/providers) plugs in here.
   */
  readonly providers?: (config: Config, cache: Cache) => readonly Provider[];
}

/**
 * The default: the synthetic market's history (offline), then the connectors BOURSE_PROVIDERS
 * enables, their request budgets and last good answers kept in the process's cache (Redis across
 * processes in the distributed shape).
 */
export function defaultProviders(config: Config, cache: Cache): Provider[] {
  const real = createProviders(config, { counter: cache, lastGood: cache });
  return [new SyntheticSource({ seed: config.feed.seed, ticksPerSecond: config.feed.rate }), ...real.list];
}

/**
 * ETL: jobs that fetch history from a source, check its quality and load it, run once however many
 * etl instances there are (leases in the store); schedules; the synthetic backfill at start. A source
 * that cannot be reached fails its jobs, never the start.
 */
export function createEtlService(options: EtlServiceOptions = {}) {
  let providers: Map<SourceId, Provider> | undefined;
  const providersFor = (config: Config, cache: Cache) => {
    providers ??= new Map((options.providers ?? defaultProviders)(config, cache).map((p) => [p.id, p]));
    return providers;
  };
  return defineService({
    name: 'etl',
    description: 'ETL jobs and schedules: provider history checked for quality and loaded by source; macro series; the synthetic backfill',
    needs: ['store', 'bus', 'cache'],
    prefixes: ['/etl', '/macro'],
    async routes(app, ctx) {
      parseSchedules(ctx.config.etl.schedules);
      await etlRoutes(app, ctx, providersFor(ctx.config, ctx.cache));
    },
    async start(ctx) {
      return startEtl(ctx, providersFor(ctx.config, ctx.cache));
    },
  });
}

async function startEtl(ctx: ServiceContext<'store' | 'bus'>, providers: ReadonlyMap<SourceId, Provider>): Promise<Worker> {
  const { config, log } = ctx;
  const progress = backfillProgress(ctx);
  const runner = new JobRunner(ctx, providers, `etl@${config.instanceId}`, progress.events);
  if (config.etl.backfill.enabled && providers.has('synthetic')) {
    const queued = await queueBackfill(ctx, Date.now());
    progress.expect(queued.map((j) => ({ id: j.id, symbols: j.symbols.length, interval: j.interval })));
  }
  const workers = config.etl.workers > 0 ? runner.start(config.etl.workers) : undefined;
  const schedules = startSchedules(ctx);
  log.info({ workers: config.etl.workers, sources: [...providers.keys()] }, 'etl running');
  return {
    async stop() {
      await schedules.stop();
      await workers?.stop();
    },
  };
}

/** Progress lines while the backfill runs, and one line with how much it loaded and how long it took. */
function backfillProgress(ctx: ServiceContext<'store' | 'bus'>) {
  const jobs = new Map<string, { symbols: number; interval: string; done: number }>();
  let started = 0;
  let bars = 0;
  let lastLine = 0;
  return {
    expect(list: { id: string; symbols: number; interval: string }[]) {
      if (list.length === 0) return;
      started = performance.now();
      for (const j of list) jobs.set(j.id, { symbols: j.symbols, interval: j.interval, done: 0 });
      ctx.log.info(
        { jobs: list.length },
        `history backfill: ${list.map((j) => j.interval).join(', ')} of ${list[0]!.symbols} instruments queued`,
      );
    },
    events: {
      onSymbol(job: { id: string }, _symbol: string, outcome: { loaded: number }) {
        const entry = jobs.get(job.id);
        if (!entry) return;
        entry.done += 1;
        bars += outcome.loaded;
        const now = performance.now();
        if (now - lastLine > 2000 || entry.done === entry.symbols) {
          lastLine = now;
          ctx.log.info(
            `history backfill: ${entry.interval} ${entry.done}/${entry.symbols} instruments, ${bars.toLocaleString('en-US')} bars so far`,
          );
        }
      },
      onJob(job: { id: string }) {
        if (!jobs.delete(job.id) || jobs.size > 0) return;
        const seconds = (performance.now() - started) / 1000;
        ctx.log.info({ bars, seconds }, `history backfilled: ${bars.toLocaleString('en-US')} bars in ${seconds.toFixed(1)} s`);
      },
    },
  };
}

export const etlService = createEtlService();

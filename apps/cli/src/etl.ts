import { ConfigError, loadConfig, newId } from '@bourse/core';
import { startProcess } from '@bourse/kit';
import { isSourceId } from '@bourse/providers';
import type { EtlJobRecord } from '@bourse/store';
import { createEtlService, defaultProviders, JobRunner } from '@bourse/svc-etl';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';

/** `bourse etl run` and `bourse etl jobs`: queue and run a job in this process, list jobs. */
export function registerEtlCommands(program: Command): void {
  const etl = program.command('etl').description('ETL jobs: collect history from a source into the store');
  etl
    .command('run')
    .description('Run one job here and now, e.g. bourse etl run --source synthetic --symbols AAPL,MSFT --interval 1d --from 2024-01-01')
    .requiredOption('--source <id>', 'source id: synthetic, yahoo, vci, alphavantage, coingecko, fred, binance')
    .requiredOption('--symbols <list>', 'comma-separated symbols')
    .option('--interval <interval>', '1m, 5m, 15m, 1h or 1d', '1d')
    .requiredOption('--from <time>', 'ISO day or date-time, or epoch ms')
    .option('--to <time>', 'ISO day or date-time, or epoch ms (default now)')
    .action(async (opts: { source: string; symbols: string; interval: string; from: string; to?: string }) => {
      if (!isSourceId(opts.source)) throw new ConfigError('--source', `must be a source id (got "${opts.source}")`);
      const symbols = [
        ...new Set(
          opts.symbols
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ];
      if (symbols.length === 0) throw new ConfigError('--symbols', 'must list at least one symbol');
      const from = time('--from', opts.from);
      const to = opts.to === undefined ? Date.now() : time('--to', opts.to);
      if (from >= to) throw new ConfigError('--from', 'must be before --to');
      const base = loadConfig();
      // This process runs the job itself: no workers of its own, no backfill, no schedules.
      const config = {
        ...base,
        logLevel: 'warn' as const,
        etl: { ...base.etl, workers: 0, backfill: { ...base.etl.backfill, enabled: false }, schedules: [] },
      };
      const running = await startProcess({ config, modules: [createEtlService()], listen: false });
      const providers = new Map(defaultProviders(config, running.ctx.cache).map((p) => [p.id, p]));
      if (!providers.has(opts.source)) {
        await running.stop();
        throw new ConfigError('--source', `${opts.source} is not enabled (enabled: ${[...providers.keys()].join(', ')})`);
      }
      try {
        const job = await running.ctx.store.etl.createJob({
          id: newId(),
          source: opts.source,
          interval: opts.interval,
          from,
          to,
          symbols,
          origin: 'cli',
        });
        const progress = reporter(symbols);
        const runner = new JobRunner(running.ctx, providers, `cli@${config.instanceId}`, {
          onSymbol: (_job, symbol, outcome) => progress.done(symbol, outcome.state === 'succeeded', outcome.loaded, outcome.error),
        });
        if (!(await runner.runJob(job.id))) throw new Error(`job ${job.id} was taken by another worker`);
        progress.stop();
        const final = (await running.ctx.store.etl.getJob(job.id))!;
        process.stdout.write(`job ${final.id}: ${final.state}\n`);
        if (final.state !== 'succeeded') {
          const failed = final.symbols.filter((s) => s.state !== 'succeeded').map((s) => `${s.symbol} (${s.error ?? s.state})`);
          throw new Error(`etl job ${final.state}: ${failed.join(', ')}`);
        }
      } finally {
        await running.stop();
      }
    });
  etl
    .command('jobs')
    .description('List ETL jobs, newest first')
    .option('-n, --limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(async (opts: { limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new ConfigError('--limit', 'must be an integer from 1 to 500');
      const config = loadConfig();
      const { createStore } = await import('@bourse/store');
      const store = await createStore(config.database);
      try {
        const jobs = await store.etl.listJobs({ limit });
        if (opts.json) process.stdout.write(`${JSON.stringify(jobs, null, 2)}\n`);
        else for (const j of jobs) process.stdout.write(`${line(j)}\n`);
      } finally {
        await store.close();
      }
    });
}

function line(j: EtlJobRecord): string {
  const loaded = j.symbols.reduce((n, s) => n + s.loaded, 0);
  const failed = j.symbols.filter((s) => s.state === 'failed').length;
  return [
    new Date(j.createdAt).toISOString().slice(0, 19),
    j.id.padEnd(28),
    j.state.padEnd(19),
    `${j.source}/${j.interval}`.padEnd(14),
    `${j.symbols.length} symbols, ${loaded} loaded${failed ? `, ${failed} failed` : ''}`,
  ].join('  ');
}

function time(flag: string, raw: string): number {
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) throw new ConfigError(flag, `must be an ISO day or date-time, or epoch ms (got "${raw}")`);
  return ms;
}

/** A bar per symbol on a terminal; a plain line per symbol otherwise (a pipe, a CI log). */
function reporter(symbols: readonly string[]) {
  if (!process.stdout.isTTY) {
    return {
      done(symbol: string, ok: boolean, loaded: number, error: string | null) {
        process.stdout.write(`${symbol}: ${ok ? `ok, ${loaded} loaded` : `failed: ${error}`}\n`);
      },
      stop() {},
    };
  }
  const multi = new cliProgress.MultiBar(
    { format: ' {symbol} [{bar}] {status}', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_grey,
  );
  const bars = new Map(symbols.map((s) => [s, multi.create(1, 0, { symbol: s.padEnd(10), status: 'waiting' })]));
  return {
    done(symbol: string, ok: boolean, loaded: number, error: string | null) {
      bars.get(symbol)?.update(1, { status: ok ? `${loaded} loaded` : `failed: ${error}` });
    },
    stop() {
      multi.stop();
    },
  };
}

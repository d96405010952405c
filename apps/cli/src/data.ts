import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { ConfigError, INTERVAL_MS, INTERVALS, type Interval, loadConfig, SYMBOL_PATTERN } from '@bourse/core';
import { seedReferenceData } from '@bourse/kit';
import { backupStore, createStore, restoreStore, type Store } from '@bourse/store';
import { loadManualBars, parseOhlcvCsv } from '@bourse/svc-symbols';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';

/** Data operations: `import csv`, `export ohlcv`, `db backup`, `db restore`, straight against the configured store. */

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await createStore(loadConfig().database);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function interval(value: string): Interval {
  if (!(INTERVALS as readonly string[]).includes(value))
    throw new ConfigError('--interval', `must be one of ${INTERVALS.join(', ')} (got "${value}")`);
  return value as Interval;
}

function symbol(value: string): string {
  if (!new RegExp(SYMBOL_PATTERN).test(value)) throw new ConfigError('--symbol', `not a symbol: "${value}"`);
  return value;
}

/** YYYY-MM-DD (00:00 UTC), an ISO 8601 date-time or epoch ms. */
function time(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(ms)) throw new ConfigError(option, `must be a date, an ISO 8601 date-time or epoch ms (got "${value}")`);
  return ms;
}

async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export function registerDataCommands(program: Command): void {
  program
    .command('import')
    .description('Import data: `bourse import csv FILE --symbol X [--interval 1d] [--partial]`')
    .argument('<format>', 'csv')
    .argument('<file>', 'a CSV with a header: date and close, optionally open, high, low, volume')
    .requiredOption('--symbol <symbol>', 'the instrument (it becomes a manual series)')
    .option('--interval <interval>', 'the bars’ interval', '1d')
    .option('--partial', 'load the valid rows even when some are not')
    .action(async (format: string, file: string, opts: { symbol: string; interval: string; partial?: boolean }) => {
      if (format !== 'csv') throw new ConfigError('format', `only csv can be imported (got "${format}")`);
      const sym = symbol(opts.symbol);
      const iv = interval(opts.interval);
      const { bars, errors, rows } = parseOhlcvCsv(await readFile(file, 'utf8'), iv);
      for (const e of errors.slice(0, 50)) process.stderr.write(`${file}:${e.line}: ${e.message}\n`);
      if (errors.length > 50) process.stderr.write(`... and ${errors.length - 50} more\n`);
      if (errors.length > 0 && (!opts.partial || bars.length === 0)) {
        throw new Error(`${errors.length} of ${rows} rows are not valid: nothing imported (--partial loads the valid ones)`);
      }
      const loaded = await withStore(async (store) => {
        await seedReferenceData(store);
        return loadManualBars(store, sym, iv, bars);
      });
      process.stdout.write(
        `${sym} ${iv}: ${rows} rows, ${loaded.inserted} inserted, ${loaded.updated} replaced, ${errors.length} rejected\n`,
      );
    });

  program
    .command('export')
    .description('Export data as CSV to stdout: `bourse export ohlcv --symbol X --interval 1d --from 2024-01-01 --to 2024-12-31`')
    .argument('<what>', 'ohlcv')
    .requiredOption('--symbol <symbol>', 'the instrument')
    .option('--interval <interval>', 'bar interval', '1d')
    .option('--from <time>', 'first bar start (YYYY-MM-DD, ISO 8601 or epoch ms)')
    .option('--to <time>', 'last bar start, included')
    .action(async (what: string, opts: { symbol: string; interval: string; from?: string; to?: string }) => {
      if (what !== 'ohlcv') throw new ConfigError('what', `only ohlcv can be exported (got "${what}")`);
      const sym = symbol(opts.symbol);
      const iv = interval(opts.interval);
      const to = time(opts.to, '--to');
      let from = time(opts.from, '--from') ?? 0;
      const daily = INTERVAL_MS[iv] >= INTERVAL_MS['1d'];
      await withStore(async (store) => {
        await write(process.stdout, stringify([['date', 'open', 'high', 'low', 'close', 'volume']]));
        for (;;) {
          const bars = await store.bars.range(sym, iv, { from, ...(to === undefined ? {} : { to }), limit: 5000 });
          const rows = bars.map((b) => {
            const iso = new Date(b.start).toISOString();
            return [daily ? iso.slice(0, 10) : iso, b.open, b.high, b.low, b.close, b.volume];
          });
          if (rows.length > 0) await write(process.stdout, stringify(rows));
          if (bars.length < 5000) break;
          from = bars.at(-1)!.start + 1;
        }
      });
    });

  const db = program.command('db').description('Backup and restore of the configured store (PGlite or PostgreSQL)');
  db.command('backup')
    .description('Write a logical backup of every table to FILE (JSON lines)')
    .argument('<file>')
    .action(async (file: string) => {
      const out = createWriteStream(file);
      const summary = await withStore((store) => backupStore(store, (line) => write(out, `${line}\n`)));
      out.end();
      await once(out, 'finish');
      const rows = summary.reduce((n, t) => n + t.rows, 0);
      process.stdout.write(`backed up ${summary.length} tables, ${rows} rows to ${file}\n`);
    });
  db.command('restore')
    .description('Replace the store’s contents with a backup (one transaction; the store is migrated to the backup’s migrations first)')
    .argument('<file>')
    .action(async (file: string) => {
      // The reader starts once the store is open: readline drops the lines it reads before it is iterated.
      const summary = await withStore((store) =>
        restoreStore(store, createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })),
      );
      const rows = summary.reduce((n, t) => n + t.rows, 0);
      process.stdout.write(`restored ${summary.length} tables, ${rows} rows from ${file}\n`);
    });
}

/**
 * CSV import throughput: rows per second from a CSV file of one-minute bars to stored bars
 * (`bourse import csv`'s path: read the file, parse and check every row, load), against the
 * store's raw insert ceiling in the same run (the same bars, already in memory, inserted by one
 * plain INSERT ... SELECT FROM unnest per chunk: no parsing, no checks, no conflict handling).
 *
 *   node --import tsx bench/import/csv.ts [--rows 1000000] [--postgres postgres://...] [--no-pglite]
 *
 * PGlite in memory always; PostgreSQL in a schema of its own (dropped at the end) with --postgres.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createStore, type Store } from '@bourse/store';
import { type CsvBar, loadManualBars, parseOhlcvCsv } from '@bourse/svc-symbols';
import { sql } from 'kysely';
import pg from 'pg';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, postgres: { type: 'string' }, 'no-pglite': { type: 'boolean', default: false } },
});
const ROWS = Number(values.rows);
const CHUNK = 50_000;

/** A random walk of one-minute bars from 2020-01-01, as a CSV a user would export from elsewhere. */
function makeCsv(): string {
  const lines = ['timestamp,open,high,low,close,volume'];
  let price = 100;
  let seed = 42;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const t0 = Date.UTC(2020, 0, 1);
  for (let i = 0; i < ROWS; i++) {
    const open = price;
    const close = Math.max(1, open * (1 + (rand() - 0.5) * 0.002));
    const high = Math.max(open, close) * (1 + rand() * 0.001);
    const low = Math.min(open, close) * (1 - rand() * 0.001);
    price = close;
    lines.push(
      `${new Date(t0 + i * 60_000).toISOString()},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${close.toFixed(4)},${Math.floor(rand() * 10_000)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function ceiling(store: Store, symbol: string, bars: readonly CsvBar[]): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < bars.length; i += CHUNK) {
    const chunk = bars.slice(i, i + CHUNK);
    const col = <K extends keyof CsvBar>(k: K) => chunk.map((b) => b[k]);
    const ts = sql`(timestamptz 'epoch' + u.start * interval '1 millisecond')`;
    await sql`
      insert into bars (symbol, interval, start, open, high, low, close, volume, trades, pv, open_ts, open_seq, close_ts, close_seq)
      select ${symbol}, '1m', ${ts}, u.open, u.high, u.low, u.close, u.volume, 0, u.close * u.volume, ${ts}, 0, ${ts}, 0
      from unnest(${col('start')}::int8[], ${col('open')}::float8[], ${col('high')}::float8[], ${col('low')}::float8[],
                  ${col('close')}::float8[], ${col('volume')}::float8[]) as u(start, open, high, low, close, volume)`.execute(store.db);
  }
  return bars.length / ((performance.now() - started) / 1000);
}

async function importCsv(store: Store, symbol: string, file: string): Promise<number> {
  const started = performance.now();
  const { bars, errors } = parseOhlcvCsv(await readFile(file, 'utf8'), '1m');
  if (errors.length > 0) throw new Error(`the generated CSV has bad rows: ${errors[0]?.message}`);
  await loadManualBars(store, symbol, '1m', bars);
  return bars.length / ((performance.now() - started) / 1000);
}

async function measure(name: string, open: () => Promise<Store>, file: string, bars: readonly CsvBar[]): Promise<void> {
  const store = await open();
  try {
    await store.exchanges.upsertMany([{ code: 'OTC', name: 'OTC', country: 'US', timezone: 'UTC', currency: 'USD' }]);
    for (const s of ['RAW', 'CSV'])
      await store.instruments.insert({
        symbol: s,
        name: s,
        exchange: 'OTC',
        assetClass: 'equity',
        currency: 'USD',
        tickSize: 0.01,
        lotSize: 1,
        streamable: false,
      });
    const raw = await ceiling(store, 'RAW', bars);
    const csv = await importCsv(store, 'CSV', file);
    const f = (n: number) => Math.round(n).toLocaleString('en-US');
    process.stdout.write(`| ${name} | ${f(ROWS)} | ${f(raw)} | ${f(csv)} | ${Math.round((csv / raw) * 100)}% |\n`);
  } finally {
    await store.close();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'bourse-bench-csv-'));
try {
  const file = join(dir, 'bars.csv');
  await writeFile(file, makeCsv());
  const { bars } = parseOhlcvCsv(await readFile(file, 'utf8'), '1m');
  process.stdout.write('| store | rows | raw insert ceiling rows/s | CSV import rows/s | ratio |\n| --- | ---: | ---: | ---: | ---: |\n');
  if (!values['no-pglite']) await measure('PGlite (memory)', () => createStore({ kind: 'pglite', dir: 'memory://' }), file, bars);
  if (values.postgres) {
    const url = values.postgres;
    const schema = `bench_csv_${randomUUID().slice(0, 8)}`;
    try {
      await measure('PostgreSQL', () => createStore({ kind: 'postgres', url }, { schema }), file, bars);
    } finally {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

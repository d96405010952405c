/**
 * ETL load throughput against the store's raw insert ceiling, and the first-start backfill.
 *
 *   node --import tsx bench/etl/load.ts [--symbols 10] [--days 5] [--rounds 3] [--postgres postgres://...] [--backfill]
 *
 * Load: the synthetic source's 1m bars (`--days` days of `--symbols` instruments) fetched, checked
 * (every quality check) and loaded through store.etl.loadSymbol (upsert with revision counting, the
 * job row, in one transaction per symbol), against a plain INSERT ... SELECT FROM unnest of the same
 * rows into a table of the same columns with no key and no conflict handling, in the same run. The
 * generation time is left out of both (the rows are drawn first). Rounds are interleaved on the
 * shared machine; each method's best round is reported.
 *
 * --backfill: an etl process on a fresh in-memory PGlite with the default backfill (730 days of 1d,
 * 5 days of 1m/5m/15m/1h, every instrument), timed from start to the last backfill job finishing,
 * with the RSS at the end; and the start-up time with the backfill on and off.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { CATALOG, loadConfig } from '@bourse/core';
import { startProcess } from '@bourse/kit';
import { SyntheticSource } from '@bourse/providers';
import { createStore, type LoadBar, type Store } from '@bourse/store';
import { checkBars, createEtlService } from '@bourse/svc-etl';
import { sql } from 'kysely';

const { values } = parseArgs({
  options: {
    symbols: { type: 'string', default: '10' },
    days: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    postgres: { type: 'string' },
    backfill: { type: 'boolean', default: false },
  },
});
const DAY = 86_400_000;
const SYMBOLS = CATALOG.slice(0, Number(values.symbols)).map((e) => e.symbol);
const to = Math.floor(Date.now() / DAY) * DAY;
const from = to - Number(values.days) * DAY;
const source = new SyntheticSource({ seed: 42 });
const data = new Map<string, LoadBar[]>();
for (const s of SYMBOLS) data.set(s, await source.history(s, '1m', from, to));
const rows = [...data.values()].reduce((n, b) => n + b.length, 0);

async function etlPath(store: Store): Promise<number> {
  await store.etl.createJob({ id: 'bench', source: 'synthetic', interval: '1m', from, to, symbols: SYMBOLS, origin: 'bench' });
  await store.etl.claim('bench', 600_000);
  const t = performance.now();
  for (const [symbol, bars] of data) {
    const { accepted, issues } = checkBars(bars, { interval: '1m', to, everyDay: true });
    const outcome = {
      state: 'succeeded' as const,
      fetched: bars.length,
      rejected: 0,
      flagged: issues.length,
      fetchMs: 0,
      loadMs: 0,
      error: null,
    };
    await store.etl.loadSymbol({ id: 'bench', owner: 'bench', source: 'synthetic', interval: '1m' }, symbol, accepted, issues, outcome);
  }
  return performance.now() - t;
}

async function rawInsert(store: Store): Promise<number> {
  await sql`create table raw_bars (symbol text, interval text, start timestamptz, source text, open float8, high float8, low float8, close float8, volume float8, trades int8)`.execute(
    store.db,
  );
  const t = performance.now();
  for (const [symbol, bars] of data) {
    for (let i = 0; i < bars.length; i += 5000) {
      const part = bars.slice(i, i + 5000);
      const col = (pick: (b: LoadBar) => number | undefined, type: string) =>
        sql`${`{${part.map((b) => pick(b) ?? 'NULL').join(',')}}`}::text::${sql.raw(type)}[]`;
      await sql`insert into raw_bars select ${symbol}, '1m', timestamptz 'epoch' + u.s * interval '1 millisecond', 'synthetic', u.o, u.h, u.l, u.c, u.v, u.n
        from unnest(${col((b) => b.start, 'int8')}, ${col((b) => b.open, 'float8')}, ${col((b) => b.high, 'float8')}, ${col((b) => b.low, 'float8')},
                    ${col((b) => b.close, 'float8')}, ${col((b) => b.volume, 'float8')}, ${col((b) => b.trades, 'int8')}) as u(s, o, h, l, c, v, n)`.execute(
        store.db,
      );
    }
  }
  return performance.now() - t;
}

async function backend(name: string, open: () => Promise<{ store: Store; done(): Promise<void> }>) {
  const best = { etl: Infinity, raw: Infinity };
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const method of ['etl', 'raw'] as const) {
      const { store, done } = await open();
      try {
        best[method] = Math.min(best[method], method === 'etl' ? await etlPath(store) : await rawInsert(store));
      } finally {
        await done();
      }
    }
  }
  const rate = (ms: number) => Math.round(rows / (ms / 1000));
  console.log(
    `| ${name} | ${rows} | ${rate(best.etl).toLocaleString('en-US')} | ${rate(best.raw).toLocaleString('en-US')} | ${((100 * best.raw) / best.etl).toFixed(0)}% |`,
  );
}

console.log('| store | rows | ETL load (rows/s) | raw insert (rows/s) | ETL / raw |');
console.log('| --- | ---: | ---: | ---: | ---: |');
await backend('PGlite (memory)', async () => {
  const store = await createStore({ kind: 'pglite', dir: 'memory://' });
  return { store, done: () => store.close() };
});
if (values.postgres) {
  const url = values.postgres;
  await backend('PostgreSQL', async () => {
    const schema = `bench_etl_${randomUUID().slice(0, 8)}`;
    const store = await createStore({ kind: 'postgres', url }, { schema });
    return {
      store,
      async done() {
        await sql`drop schema ${sql.id(schema)} cascade`.execute(store.db);
        await store.close();
      },
    };
  });
}

if (values.backfill) {
  for (const on of [false, true]) {
    const config = loadConfig({ NODE_ENV: 'test', BOURSE_ETL_BACKFILL: String(on), BOURSE_ETL_POLL_MS: '50' });
    const t = performance.now();
    const running = await startProcess({
      config: { ...config, database: { kind: 'pglite', dir: 'memory://' } },
      modules: [createEtlService()],
      listen: false,
    });
    const startedMs = performance.now() - t;
    let bars = 0;
    if (on) {
      for (;;) {
        const jobs = await running.ctx.store.etl.listJobs({ limit: 10, origin: 'backfill' });
        if (jobs.length > 0 && jobs.every((j) => !['queued', 'running'].includes(j.state))) {
          bars = jobs.flatMap((j) => j.symbols).reduce((n, s) => n + s.loaded, 0);
          break;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const totalMs = performance.now() - t;
    const rss = process.memoryUsage().rss / 2 ** 20;
    console.log(
      `backfill ${on ? 'on ' : 'off'}: started in ${(startedMs / 1000).toFixed(2)} s${on ? `, ${bars.toLocaleString('en-US')} bars backfilled in ${(totalMs / 1000).toFixed(1)} s` : ''}, RSS ${rss.toFixed(0)} MB`,
    );
    await running.stop();
  }
}

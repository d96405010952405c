/**
 * Tick ingest throughput of @bourse/store against the raw ceilings of each backend.
 *
 *   node --import tsx bench/ingest/store.ts [--batches 15] [--rounds 3] [--batch-size 2000] [--symbols 50] [--postgres postgres://...]
 *
 * PGlite (in memory): `store.ticks.ingest` (insert ON CONFLICT DO NOTHING
 * RETURNING + bars for 5 intervals + latest quotes, one transaction) against a
 * plain batched insert of the same rows (one INSERT ... SELECT FROM unnest per
 * batch, no conflict handling, no bars). PostgreSQL (when --postgres is given):
 * the same ingest against COPY FROM STDIN of the same rows. Each measurement
 * starts from empty tables in a schema of its own, which is dropped at the end.
 * The machine is shared, so the methods are interleaved for --rounds rounds
 * and each one's best round is reported.
 */
import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Tick } from '@bourse/core';
import { createStore, type Store } from '@bourse/store';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '3' },
    'batch-size': { type: 'string', default: '2000' },
    symbols: { type: 'string', default: '50' },
    postgres: { type: 'string' },
  },
});
const BATCHES = Number(values.batches);
const BATCH_SIZE = Number(values['batch-size']);
const SYMBOLS = Number(values.symbols);
const ROUNDS = Number(values.rounds);

/** A market of SYMBOLS symbols ticking in turn, 1 ms apart, so batches cover every symbol and keep crossing 1m buckets. */
function makeBatches(): Tick[][] {
  const t0 = Date.UTC(2024, 0, 2, 14, 30);
  const seq = new Array<number>(SYMBOLS).fill(0);
  const price = Array.from({ length: SYMBOLS }, (_, i) => 50 + i);
  let n = 0;
  return Array.from({ length: BATCHES + 1 }, () =>
    Array.from({ length: BATCH_SIZE }, () => {
      const s = n % SYMBOLS;
      price[s]! *= 1 + (((n * 7919) % 200) - 100) / 1e6;
      const p = price[s]!;
      const tick = { symbol: `SYM${s}`, ts: t0 + n * 3, seq: seq[s]!++, price: p, size: 1 + (n % 9) * 100, bid: p - 0.01, ask: p + 0.01 };
      n++;
      return tick;
    }),
  );
}

interface Result {
  name: string;
  ticksPerSecond: number;
}

/** Run `insert` on a warm-up batch, then time the rest. */
async function measure(name: string, batches: Tick[][], insert: (batch: Tick[]) => Promise<unknown>): Promise<Result> {
  await insert(batches[0]!);
  const t = performance.now();
  for (const b of batches.slice(1)) await insert(b);
  const seconds = (performance.now() - t) / 1000;
  const ticks = BATCHES * BATCH_SIZE;
  return { name, ticksPerSecond: Math.round(ticks / seconds) };
}

async function truncate(store: Store) {
  await sql`truncate ticks, bars, latest_quotes`.execute(store.db);
}

/** The plain batched insert: the same unnest statement as ingest, minus conflict handling, RETURNING and bars. */
async function rawInsert(store: Store, batch: Tick[]) {
  await sql`
    insert into ticks (symbol, ts, seq, price, size, bid, ask)
    select u.symbol, timestamptz 'epoch' + u.ms * interval '1 millisecond', u.seq, u.price, u.size, u.bid, u.ask
    from unnest(${batch.map((t) => t.symbol)}::text[], ${batch.map((t) => t.ts)}::int8[], ${batch.map((t) => t.seq)}::int8[],
                ${batch.map((t) => t.price)}::float8[], ${batch.map((t) => t.size)}::float8[], ${batch.map((t) => t.bid)}::float8[],
                ${batch.map((t) => t.ask)}::float8[]) as u(symbol, ms, seq, price, size, bid, ask)`.execute(store.db);
}

async function copyInsert(client: pg.Client, batch: Tick[]) {
  const lines = batch.map((t) => `${t.symbol}\t${new Date(t.ts).toISOString()}\t${t.seq}\t${t.price}\t${t.size}\t${t.bid}\t${t.ask}\n`);
  await pipeline(Readable.from([lines.join('')]), client.query(copyFrom('copy ticks (symbol, ts, seq, price, size, bid, ask) from stdin')));
}

function report(backend: string, ceiling: Result, ours: Result) {
  const ratio = ours.ticksPerSecond / ceiling.ticksPerSecond;
  console.log(`${backend.padEnd(10)} ${ceiling.name.padEnd(24)} ${String(ceiling.ticksPerSecond).padStart(9)} ticks/s`);
  console.log(
    `${backend.padEnd(10)} ${ours.name.padEnd(24)} ${String(ours.ticksPerSecond).padStart(9)} ticks/s  (${(ratio * 100).toFixed(0)}% of ${ceiling.name})`,
  );
}

const batches = makeBatches();
console.log(
  `${BATCHES} timed batches of ${BATCH_SIZE} ticks over ${SYMBOLS} symbols (plus one warm-up), best of ${ROUNDS} rounds, node ${process.version}`,
);

/** Interleave the methods round by round, each from empty tables; keep each one's best round. */
async function compete(store: Store, methods: [string, (batch: Tick[]) => Promise<unknown>][]): Promise<Result[]> {
  const best = new Map<string, Result>();
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, insert] of methods) {
      await truncate(store);
      const result = await measure(name, batches, insert);
      if ((best.get(name)?.ticksPerSecond ?? 0) < result.ticksPerSecond) best.set(name, result);
    }
  }
  return methods.map(([name]) => best.get(name)!);
}

{
  const store = await createStore({ kind: 'pglite', dir: 'memory://' });
  try {
    const [raw, ours] = await compete(store, [
      ['batched insert (unnest)', (b) => rawInsert(store, b)],
      ['store.ticks.ingest', (b) => store.ticks.ingest(b)],
    ]);
    report('pglite', raw!, ours!);
  } finally {
    await store.close();
  }
}

if (values.postgres) {
  const url = values.postgres;
  const schema = `bench_ingest_${randomUUID().slice(0, 8)}`;
  const store = await createStore({ kind: 'postgres', url }, { schema });
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const [copy, raw, ours] = await compete(store, [
      ['COPY', (b) => copyInsert(client, b)],
      ['batched insert (unnest)', (b) => rawInsert(store, b)],
      ['store.ticks.ingest', (b) => store.ticks.ingest(b)],
    ]);
    report('postgres', copy!, ours!);
    console.log(`postgres   ${raw!.name.padEnd(24)} ${String(raw!.ticksPerSecond).padStart(9)} ticks/s`);
  } finally {
    await client.query(`drop schema "${schema}" cascade`);
    await client.end();
    await store.close();
  }
}

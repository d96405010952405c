import { type Bar, INTERVAL_MS, INTERVALS, type Interval, type StreamQuote, type Tick } from '@bourse/core';
import { type BarAggregate, toBar } from '@bourse/quant/bars';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type CompiledQuery, type Kysely, type Selectable, type Transaction, sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { toStoreError } from '../errors.ts';
import { msToTs, toDate, toMs } from '../rows.ts';
import type { BarsTable, Database } from '../schema.ts';
import { compare } from './reference.ts';
import { ticksCopyBinary, ticksCopyText } from './tick-copy.ts';

/**
 * Range options. `from` and `to` are inclusive UTC epoch ms. With `from`, the
 * first `limit` rows from there; without it, the last `limit` rows up to `to`
 * (the most recent history). Rows are always returned ascending.
 */
export interface RangeQuery {
  from?: number;
  to?: number;
  limit: number;
}

export interface IngestResult {
  inserted: number;
  duplicates: number;
}

export interface LastSeq {
  seq: number;
  ts: number;
  price: number;
}

/** A row of latest_quotes: the stream's quote frame, its size always known. */
export type LatestQuote = Required<StreamQuote>;

export interface TickRepository {
  /**
   * Store ticks and fold the new ones into bars and latest quotes, in one
   * transaction. A tick already stored (same symbol, ts, seq) is a duplicate
   * and changes nothing, so redelivery is harmless.
   */
  ingest(ticks: readonly Tick[]): Promise<IngestResult>;
  range(symbol: string, query: RangeQuery): Promise<Tick[]>;
  /** The last tick stored per symbol, for a feed resuming after a restart. */
  lastSeq(): Promise<Map<string, LastSeq>>;
}

export interface BarRepository {
  range(symbol: string, interval: Interval, query: RangeQuery): Promise<Bar[]>;
  latest(symbol: string, interval: Interval): Promise<Bar | undefined>;
}

export interface QuoteRepository {
  latest(symbols: readonly string[]): Promise<Map<string, LatestQuote>>;
}

type Db = Kysely<Database> | Transaction<Database>;

function byTsSeq(a: Tick, b: Tick): number {
  return a.ts - b.ts || a.seq - b.seq;
}

/**
 * The batch sorted by (symbol, ts, seq), a key seen twice keeping its first
 * occurrence. Batches are made of per-symbol messages already in (ts, seq)
 * order, so this groups by symbol and sorts only the groups that need it.
 */
export function sortedDistinct(batch: readonly Tick[]): Tick[] {
  const groups = new Map<string, Tick[]>();
  for (const t of batch) {
    const g = groups.get(t.symbol);
    if (g) g.push(t);
    else groups.set(t.symbol, [t]);
  }
  const unique: Tick[] = [];
  for (const symbol of [...groups.keys()].sort(compare)) {
    const g = groups.get(symbol)!;
    for (let i = 1; i < g.length; i++) {
      if (byTsSeq(g[i - 1]!, g[i]!) > 0) {
        g.sort(byTsSeq); // stable: of equal keys the first stays first
        break;
      }
    }
    let prev: Tick | undefined;
    for (const t of g) {
      if (!prev || prev.ts !== t.ts || prev.seq !== t.seq) unique.push(t);
      prev = t;
    }
  }
  return unique;
}

/**
 * `aggregateTicks` for ticks sorted by (symbol, ts, seq): a bucket's ticks are
 * one run, its open the run's first tick and its close the last, so one
 * linear pass per interval does it, with no keys to build. Sums add up in the
 * same order as `aggregateTicks`, so the results are identical.
 */
export function aggregateSorted(ticks: readonly Tick[]): BarAggregate[] {
  const out: BarAggregate[] = [];
  for (const interval of INTERVALS) {
    const width = INTERVAL_MS[interval];
    let cur: BarAggregate | undefined;
    for (const t of ticks) {
      const start = t.ts - (((t.ts % width) + width) % width);
      if (cur && cur.start === start && cur.symbol === t.symbol) {
        cur.close = t.price;
        cur.closeTs = t.ts;
        cur.closeSeq = t.seq;
        if (t.price > cur.high) cur.high = t.price;
        if (t.price < cur.low) cur.low = t.price;
        cur.volume += t.size;
        cur.trades += 1;
        cur.pv += t.price * t.size;
      } else {
        cur = {
          symbol: t.symbol,
          interval,
          start,
          open: t.price,
          high: t.price,
          low: t.price,
          close: t.price,
          volume: t.size,
          trades: 1,
          pv: t.price * t.size,
          openTs: t.ts,
          openSeq: t.seq,
          closeTs: t.ts,
          closeSeq: t.seq,
        };
        out.push(cur);
      }
    }
  }
  return out;
}

/** Later by (ts, seq): the order that decides closes and latest quotes. */
function later(a: Tick, b: Tick): boolean {
  return a.ts > b.ts || (a.ts === b.ts && a.seq > b.seq);
}

/** `copy`: the backend's COPY path, the fast way in for batches without duplicates. */
export function tickRepository(db: Kysely<Database>, copy?: CopyTicks): TickRepository {
  return {
    async ingest(batch) {
      if (batch.length === 0) return { inserted: 0, duplicates: 0 };
      // Sorted by key: every process takes row locks in the same order, so two
      // concurrent ingests wait for each other but never deadlock. A key seen
      // twice in the batch keeps its first occurrence.
      const unique = sortedDistinct(batch);

      // PostgreSQL: COPY the batch straight into ticks (the fastest way in); a
      // duplicate key fails the COPY, and then the batch goes the way below.
      const copied = copy ? await ingestByCopy(db, copy, unique) : undefined;
      const inserted = copied ?? (await ingestSql(db, unique));
      return { inserted, duplicates: batch.length - inserted };
    },

    async range(symbol, { from, to, limit }) {
      let q = db.selectFrom('ticks').select(['symbol', 'ts', 'seq', 'price', 'size', 'bid', 'ask']).where('symbol', '=', symbol);
      if (from !== undefined) q = q.where('ts', '>=', toDate(from));
      if (to !== undefined) q = q.where('ts', '<=', toDate(to));
      const newest = from === undefined;
      const rows = await q
        .orderBy('ts', newest ? 'desc' : 'asc')
        .orderBy('seq', newest ? 'desc' : 'asc')
        .limit(limit)
        .execute();
      if (newest) rows.reverse();
      return rows.map((r) => ({ symbol: r.symbol, ts: toMs(r.ts), seq: r.seq, price: r.price, size: r.size, bid: r.bid, ask: r.ask }));
    },

    async lastSeq() {
      const rows = await db.selectFrom('latest_quotes').select(['symbol', 'seq', 'ts', 'last']).execute();
      return new Map(rows.map((r) => [r.symbol, { seq: r.seq, ts: toMs(r.ts), price: r.last }]));
    },
  };
}

const UNIQUE_VIOLATION = '23505';
const COPY_TICKS = 'copy ticks (symbol, ts, seq, price, size, bid, ask) from';
const COPY_TICKS_BINARY = `${COPY_TICKS} stdin with (format binary)`;

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === UNIQUE_VIOLATION;

/**
 * A backend's bulk-load path for ticks: in one transaction of its own, COPY
 * the ticks (in the format the backend reads fastest) into ticks, then run the statement `after()`
 * returns (called once the COPY is under way, so that work overlaps it) and
 * commit. Resolves false, with everything rolled back, when the COPY hit a
 * tick already stored.
 */
export type CopyTicks = (ticks: readonly Tick[], after: () => CompiledQuery) => Promise<boolean>;

/** The COPY path on PostgreSQL: binary COPY FROM STDIN on a pooled connection. */
export function pgCopyTicks(pool: pg.Pool): CopyTicks {
  return async (ticks, after) => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw toStoreError(error, 'cannot connect to PostgreSQL');
    }
    let broken: Error | undefined;
    try {
      await client.query('begin');
      const copying = pipeline(Readable.from([ticksCopyBinary(ticks)]), client.query(copyFrom(COPY_TICKS_BINARY)));
      copying.catch(() => {}); // awaited below; this only silences the interim
      // Prepare the next statement while the server copies.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const next = after();
      try {
        await copying;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // A failed COPY leaves the connection mid-protocol for a moment: drop
        // it (the server rolls back) rather than race a ROLLBACK on it. Rare:
        // only redeliveries get here.
        broken = error as Error;
        return false;
      }
      await client.query(next.sql, next.parameters as unknown[]);
      await client.query('commit');
      return true;
    } catch (error) {
      // Drop the connection rather than reuse one in an unknown state; the server rolls back.
      broken = error as Error;
      throw error;
    } finally {
      client.release(broken ?? false);
    }
  };
}

/** What the COPY path needs of a PGlite instance: COPY FROM '/dev/blob' reads the `blob` query option. */
export interface PGliteCopyTarget {
  query(query: string, params?: unknown[], options?: { blob?: Blob }): Promise<unknown>;
}

/**
 * The COPY path on PGlite. PGlite is one connection: the Kysely connection is
 * held for the whole transaction (the dialect's mutex), so no other query runs
 * inside it.
 */
export function pgliteCopyTicks(db: Kysely<Database>, pglite: PGliteCopyTarget): CopyTicks {
  return (ticks, after) => {
    const text = ticksCopyText(ticks);
    return db.connection().execute(async () => {
      await pglite.query('begin');
      try {
        try {
          await pglite.query(`${COPY_TICKS} '/dev/blob'`, [], { blob: new Blob([text]) });
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          await pglite.query('rollback');
          return false;
        }
        const next = after();
        await pglite.query(next.sql, next.parameters as unknown[]);
        await pglite.query('commit');
        return true;
      } catch (error) {
        await pglite.query('rollback').catch(() => {});
        throw error;
      }
    });
  };
}

/**
 * The fast path: COPY the (sorted, distinct) batch into ticks, then upsert the
 * bars and quotes aggregated here from the whole batch, in one transaction.
 * COPY has no ON CONFLICT: when any tick is already stored (a redelivery) it
 * fails with a unique violation, the transaction is rolled back and this
 * returns undefined, for the caller to take the duplicate-skipping statement
 * instead. So bars still only ever see ticks this transaction inserted. COPY
 * inserts in stream order, the sorted order of every other path, and bars and
 * quotes follow sorted too: the lock order argument holds.
 */
async function ingestByCopy(db: Db, copy: CopyTicks, ticks: readonly Tick[]): Promise<number | undefined> {
  const ok = await copy(ticks, () => barsAndQuotes(aggregateSorted(ticks), latestPerSymbol(ticks)).compile(db));
  return ok ? ticks.length : undefined;
}

/** The latest tick per symbol by (ts, seq), sorted by symbol. */
function latestPerSymbol(ticks: readonly Tick[]): Tick[] {
  const latest = new Map<string, Tick>();
  for (const t of ticks) {
    const cur = latest.get(t.symbol);
    if (!cur || later(t, cur)) latest.set(t.symbol, t);
  }
  return [...latest.values()].sort((a, b) => compare(a.symbol, b.symbol));
}

const BARS_MERGE = sql`
      on conflict (symbol, interval, start) do update set
        open      = case when (excluded.open_ts, excluded.open_seq) < (bars.open_ts, bars.open_seq) then excluded.open else bars.open end,
        open_ts   = case when (excluded.open_ts, excluded.open_seq) < (bars.open_ts, bars.open_seq) then excluded.open_ts else bars.open_ts end,
        open_seq  = case when (excluded.open_ts, excluded.open_seq) < (bars.open_ts, bars.open_seq) then excluded.open_seq else bars.open_seq end,
        close     = case when (excluded.close_ts, excluded.close_seq) > (bars.close_ts, bars.close_seq) then excluded.close else bars.close end,
        close_ts  = case when (excluded.close_ts, excluded.close_seq) > (bars.close_ts, bars.close_seq) then excluded.close_ts else bars.close_ts end,
        close_seq = case when (excluded.close_ts, excluded.close_seq) > (bars.close_ts, bars.close_seq) then excluded.close_seq else bars.close_seq end,
        high      = greatest(bars.high, excluded.high),
        low       = least(bars.low, excluded.low),
        volume    = bars.volume + excluded.volume,
        trades    = bars.trades + excluded.trades,
        pv        = bars.pv + excluded.pv`;

const QUOTES_MERGE = sql`
      on conflict (symbol) do update set
        ts = excluded.ts, seq = excluded.seq, last = excluded.last, bid = excluded.bid, ask = excluded.ask, size = excluded.size
      where (excluded.ts, excluded.seq) > (latest_quotes.ts, latest_quotes.seq)`;

/** An array parameter sent as a text literal and cast in SQL. */
function arr(literal: string, type: 'text' | 'int8' | 'float8') {
  return sql`${sql.val(literal)}::text::${sql.raw(type)}[]`;
}

/**
 * Merge aggregates into stored bars exactly like `mergeAggregates` and move
 * the latest quotes forward, in one statement: bars first (sorted by key),
 * then quotes (sorted by symbol).
 */
function barsAndQuotes(aggs: BarAggregate[], latest: readonly Tick[]) {
  aggs.sort((a, b) => compare(a.symbol, b.symbol) || compare(a.interval, b.interval) || a.start - b.start);
  const num = <K extends keyof BarAggregate>(k: K) => numberArray(aggs.map((a) => a[k] as number));
  const q = <K extends keyof Tick>(k: K) => numberArray(latest.map((t) => t[k] as number));
  return sql<{ bars: number }>`
    with b as (
      insert into bars (symbol, interval, start, open, high, low, close, volume, trades, pv, open_ts, open_seq, close_ts, close_seq)
      select u.symbol, u.interval, ${msToTs(sql`u.start`)}, u.open, u.high, u.low, u.close, u.volume, u.trades, u.pv,
             ${msToTs(sql`u.open_ts`)}, u.open_seq, ${msToTs(sql`u.close_ts`)}, u.close_seq
      from unnest(${arr(textArray(aggs.map((a) => a.symbol)), 'text')}, ${arr(textArray(aggs.map((a) => a.interval)), 'text')},
                  ${arr(num('start'), 'int8')}, ${arr(num('open'), 'float8')}, ${arr(num('high'), 'float8')}, ${arr(num('low'), 'float8')},
                  ${arr(num('close'), 'float8')}, ${arr(num('volume'), 'float8')}, ${arr(num('trades'), 'int8')}, ${arr(num('pv'), 'float8')},
                  ${arr(num('openTs'), 'int8')}, ${arr(num('openSeq'), 'int8')}, ${arr(num('closeTs'), 'int8')}, ${arr(num('closeSeq'), 'int8')})
           as u(symbol, interval, start, open, high, low, close, volume, trades, pv, open_ts, open_seq, close_ts, close_seq)
      ${BARS_MERGE}
      returning 1
    ),
    q as (
      insert into latest_quotes (symbol, ts, seq, last, bid, ask, size)
      select u.symbol, ${msToTs(sql`u.ms`)}, u.seq, u.last, u.bid, u.ask, u.size
      from unnest(${arr(textArray(latest.map((t) => t.symbol)), 'text')}, ${arr(q('ts'), 'int8')}, ${arr(q('seq'), 'int8')},
                  ${arr(q('price'), 'float8')}, ${arr(q('bid'), 'float8')}, ${arr(q('ask'), 'float8')}, ${arr(q('size'), 'float8')})
           as u(symbol, ms, seq, last, bid, ask, size)
      ${QUOTES_MERGE}
      returning 1
    )
    select (select count(*) from b) as bars, (select count(*) from q) as quotes`;
}

/** A PostgreSQL array literal of numbers (shortest round-trip decimal, parsed exactly by float8in/int8in). */
function numberArray(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}

/** A PostgreSQL array literal of strings, every element quoted. */
function textArray(values: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (i > 0) out += ',';
    out += /["\\]/.test(v) ? `"${v.replace(/["\\]/g, '\\$&')}"` : `"${v}"`;
  }
  return `${out}}`;
}

/**
 * The whole ingest as one statement (so one round trip and its own
 * transaction): insert the batch with ON CONFLICT DO NOTHING, roll the rows it
 * actually inserted (RETURNING) into bars for every interval and into the
 * latest quotes. Only inserted ticks reach bars, which makes bars exactly-once
 * under at-least-once delivery; the rows cross the wire once and nothing per
 * row comes back.
 *
 * Lock order, for two concurrent ingests: the outer select reads the CTEs left
 * to right, so all tick rows are inserted first (in the caller's sorted
 * order), then bars (ordered by key), then quotes (ordered by symbol). Both
 * processes take locks phase by phase in one global order: no deadlock.
 *
 * Columns travel as array literals built here, cast from text in SQL: cheaper
 * than the drivers' generic array serialisation.
 */
async function ingestSql(db: Db, ticks: readonly Tick[]): Promise<number> {
  const n = ticks.length;
  const symbol = new Array<string>(n);
  const ts = new Array<number>(n);
  const seq = new Array<number>(n);
  const price = new Array<number>(n);
  const size = new Array<number>(n);
  const bid = new Array<number>(n);
  const ask = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t = ticks[i]!;
    symbol[i] = t.symbol;
    ts[i] = t.ts;
    seq[i] = t.seq;
    price[i] = t.price;
    size[i] = t.size;
    bid[i] = t.bid;
    ask[i] = t.ask;
  }
  const intervals = sql.join(INTERVALS.map((iv) => sql`(${sql.lit(iv)}, ${sql.lit(INTERVAL_MS[iv])}::int8)`));
  const result = await sql<{ n: number | string }>`
    with ins as (
      insert into ticks (symbol, ts, seq, price, size, bid, ask)
      select u.symbol, ${msToTs(sql`u.ms`)}, u.seq, u.price, u.size, u.bid, u.ask
      from unnest(${arr(textArray(symbol), 'text')}, ${arr(numberArray(ts), 'int8')}, ${arr(numberArray(seq), 'int8')},
                  ${arr(numberArray(price), 'float8')}, ${arr(numberArray(size), 'float8')}, ${arr(numberArray(bid), 'float8')},
                  ${arr(numberArray(ask), 'float8')})
           as u(symbol, ms, seq, price, size, bid, ask)
      on conflict do nothing
      returning symbol, ts, seq, price, size, bid, ask
    ),
    -- epoch ms back from the stored timestamptz: date_part is float8 (extract would be numeric, far slower), exact once rounded to ms
    t as (
      select symbol, round(date_part('epoch', ts) * 1000)::int8 as ms, seq, price, size, bid, ask from ins
    ),
    -- one pass over the ticks into 1m aggregates; open/close are the smallest/largest (ms, seq, price)
    -- triple (float8 holds all three exactly), so the coarser bars merge these the way mergeAggregates does
    m1 as (
      select symbol, ms - ((ms % 60000) + 60000) % 60000 as start,
             min(array[ms, seq, price]::float8[]) as o, max(array[ms, seq, price, bid, ask, size]::float8[]) as c,
             max(price) as high, min(price) as low, sum(size) as volume, count(*) as trades, sum(price * size) as pv
      from t
      group by 1, 2
    ),
    agg as (
      select m.symbol, i.name as interval, m.start - ((m.start % i.width) + i.width) % i.width as start,
             min(m.o) as o, max(m.c) as c, max(m.high) as high, min(m.low) as low,
             sum(m.volume) as volume, sum(m.trades) as trades, sum(m.pv) as pv
      from m1 as m cross join (values ${intervals}) as i(name, width)
      group by 1, 2, 3
    ),
    b as (
      insert into bars (symbol, interval, start, open, high, low, close, volume, trades, pv, open_ts, open_seq, close_ts, close_seq)
      select symbol, interval, ${msToTs(sql`start`)}, o[3], high, low, c[3], volume, trades, pv,
             ${msToTs(sql`o[1]::int8`)}, o[2]::int8, ${msToTs(sql`c[1]::int8`)}, c[2]::int8
      from agg
      order by symbol collate "C", interval collate "C", start
      ${BARS_MERGE}
      returning 1
    ),
    -- the latest new tick per symbol: its close triple carries bid, ask and size too
    q as (
      insert into latest_quotes (symbol, ts, seq, last, bid, ask, size)
      select symbol, ${msToTs(sql`c[1]::int8`)}, c[2]::int8, c[3], c[4], c[5], c[6]
      from (select symbol, max(c) as c from m1 group by symbol) as l
      order by symbol collate "C"
      ${QUOTES_MERGE}
      returning 1
    )
    select (select count(*) from ins) as n, (select count(*) from b) as bars, (select count(*) from q) as quotes`.execute(db);
  return Number(result.rows[0]!.n);
}

export function barRepository(db: Kysely<Database>, now: () => number): BarRepository {
  const toPublicBar = (r: Selectable<BarsTable>): Bar => {
    const interval = r.interval as Interval;
    const start = toMs(r.start);
    const agg: BarAggregate = {
      symbol: r.symbol,
      interval,
      start,
      open: r.open,
      high: r.high,
      low: r.low,
      close: r.close,
      volume: r.volume,
      trades: r.trades,
      pv: r.pv,
      openTs: toMs(r.open_ts),
      openSeq: r.open_seq,
      closeTs: toMs(r.close_ts),
      closeSeq: r.close_seq,
    };
    return toBar(agg, start + INTERVAL_MS[interval] <= now());
  };
  return {
    async range(symbol, interval, { from, to, limit }) {
      let q = db.selectFrom('bars').selectAll().where('symbol', '=', symbol).where('interval', '=', interval);
      if (from !== undefined) q = q.where('start', '>=', toDate(from));
      if (to !== undefined) q = q.where('start', '<=', toDate(to));
      const newest = from === undefined;
      const rows = await q
        .orderBy('start', newest ? 'desc' : 'asc')
        .limit(limit)
        .execute();
      if (newest) rows.reverse();
      return rows.map(toPublicBar);
    },
    async latest(symbol, interval) {
      const row = await db
        .selectFrom('bars')
        .selectAll()
        .where('symbol', '=', symbol)
        .where('interval', '=', interval)
        .orderBy('start', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toPublicBar(row);
    },
  };
}

export function quoteRepository(db: Kysely<Database>): QuoteRepository {
  return {
    async latest(symbols) {
      const out = new Map<string, LatestQuote>();
      if (symbols.length === 0) return out;
      const rows = await db
        .selectFrom('latest_quotes')
        .selectAll()
        .where('symbol', '=', sql<string>`any(${sql.val([...symbols])}::text[])`)
        .execute();
      for (const r of rows) {
        out.set(r.symbol, { symbol: r.symbol, ts: toMs(r.ts), seq: r.seq, last: r.last, bid: r.bid, ask: r.ask, size: r.size });
      }
      return out;
    },
  };
}

import { type Bar, INTERVAL_MS, INTERVALS, type Interval, type Tick } from '@bourse/core';
import { type BarAggregate, aggregateTicks, toBar } from '@bourse/quant/bars';
import { type Kysely, type Selectable, type Transaction, sql } from 'kysely';
import { msToTs, toDate, toMs } from '../rows.ts';
import type { BarsTable, Database } from '../schema.ts';
import { compare } from './reference.ts';

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

export interface LatestQuote {
  symbol: string;
  ts: number;
  seq: number;
  last: number;
  bid: number;
  ask: number;
  size: number;
}

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

function tickKey(symbol: string, ts: number, seq: number): string {
  return `${symbol}\u0000${ts}\u0000${seq}`;
}

function byTickKey(a: Tick, b: Tick): number {
  return compare(a.symbol, b.symbol) || a.ts - b.ts || a.seq - b.seq;
}

/** Later by (ts, seq): the order that decides closes and latest quotes. */
function later(a: Tick, b: Tick): boolean {
  return a.ts > b.ts || (a.ts === b.ts && a.seq > b.seq);
}

export function tickRepository(db: Kysely<Database>): TickRepository {
  return {
    async ingest(batch) {
      if (batch.length === 0) return { inserted: 0, duplicates: 0 };
      // Sorted by key: every process takes row locks in the same order, so two
      // concurrent ingests wait for each other but never deadlock. A key seen
      // twice in the batch keeps its first occurrence.
      const sorted = [...batch].sort(byTickKey);
      const unique: Tick[] = [];
      for (const t of sorted) {
        const prev = unique[unique.length - 1];
        if (!prev || prev.symbol !== t.symbol || prev.ts !== t.ts || prev.seq !== t.seq) unique.push(t);
      }

      const inserted = await db.transaction().execute(async (tx) => {
        const pending = insertTicks(tx, unique);
        pending.catch(() => {}); // handled by the await below; this only silences the interim
        // Usually every tick is new: aggregate the whole batch while the
        // database inserts it, and redo it if some turn out to be duplicates.
        await new Promise<void>((resolve) => setImmediate(resolve));
        let aggs = aggregateTicks(unique, INTERVALS);
        const fresh = await pending;
        // Only ticks this transaction inserted may touch bars: that is what
        // makes bars exactly-once under at-least-once delivery.
        if (fresh.length === 0) return 0;
        if (fresh.length !== unique.length) aggs = aggregateTicks(fresh, INTERVALS);
        await upsertBars(tx, aggs);
        await upsertQuotes(tx, fresh);
        return fresh.length;
      });
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

/**
 * One INSERT ... SELECT FROM unnest(arrays) for the whole batch: one round
 * trip and one plan however many rows. The function scan yields rows in array
 * order, so rows are inserted (and locked) in the caller's sorted order.
 */
/** Inserts the ticks not stored yet and returns them. */
async function insertTicks(tx: Db, ticks: readonly Tick[]): Promise<readonly Tick[]> {
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
  // The keys of the inserted rows come back only when some rows were
  // duplicates; in the common all-new case one count is enough, which saves
  // sending back and parsing a row per tick.
  const result = await sql<{
    n: number | string;
    symbols: string[] | null;
    ms: (number | string)[] | null;
    seqs: (number | string)[] | null;
  }>`
    with inserted as (
      insert into ticks (symbol, ts, seq, price, size, bid, ask)
      select u.symbol, ${msToTs(sql`u.ms`)}, u.seq, u.price, u.size, u.bid, u.ask
      from unnest(${sql.val(symbol)}::text[], ${sql.val(ts)}::int8[], ${sql.val(seq)}::int8[], ${sql.val(price)}::float8[],
                  ${sql.val(size)}::float8[], ${sql.val(bid)}::float8[], ${sql.val(ask)}::float8[])
           as u(symbol, ms, seq, price, size, bid, ask)
      on conflict do nothing
      returning symbol, ts, seq
    )
    select count(*) as n,
           case when count(*) < ${n} then array_agg(symbol) end as symbols,
           case when count(*) < ${n} then array_agg((extract(epoch from ts) * 1000)::int8) end as ms,
           case when count(*) < ${n} then array_agg(seq) end as seqs
    from inserted`.execute(tx);
  const row = result.rows[0]!;
  if (Number(row.n) === ticks.length) return ticks;
  if (row.symbols === null || row.ms === null || row.seqs === null) return [];
  // int8[] elements arrive as strings from pg (its int8 parser covers scalars only).
  const { symbols, ms, seqs } = row;
  const stored = new Set(symbols.map((s, i) => tickKey(s, Number(ms[i]), Number(seqs[i]))));
  return ticks.filter((t) => stored.has(tickKey(t.symbol, t.ts, t.seq)));
}

/**
 * Merge aggregates into stored bars exactly like `mergeAggregates`: open and
 * close come from whichever side has the earlier open / later close by
 * (ts, seq); high and low are extremes; volume, trades and pv add up.
 */
async function upsertBars(tx: Db, aggs: BarAggregate[]): Promise<void> {
  aggs.sort((a, b) => compare(a.symbol, b.symbol) || compare(a.interval, b.interval) || a.start - b.start);
  const col = <K extends keyof BarAggregate>(k: K) => aggs.map((a) => a[k]);
  await sql`
    insert into bars (symbol, interval, start, open, high, low, close, volume, trades, pv, open_ts, open_seq, close_ts, close_seq)
    select u.symbol, u.interval, ${msToTs(sql`u.start`)}, u.open, u.high, u.low, u.close, u.volume, u.trades, u.pv,
           ${msToTs(sql`u.open_ts`)}, u.open_seq, ${msToTs(sql`u.close_ts`)}, u.close_seq
    from unnest(${sql.val(col('symbol'))}::text[], ${sql.val(col('interval'))}::text[], ${sql.val(col('start'))}::int8[],
                ${sql.val(col('open'))}::float8[], ${sql.val(col('high'))}::float8[], ${sql.val(col('low'))}::float8[],
                ${sql.val(col('close'))}::float8[], ${sql.val(col('volume'))}::float8[], ${sql.val(col('trades'))}::int8[],
                ${sql.val(col('pv'))}::float8[], ${sql.val(col('openTs'))}::int8[], ${sql.val(col('openSeq'))}::int8[],
                ${sql.val(col('closeTs'))}::int8[], ${sql.val(col('closeSeq'))}::int8[])
         as u(symbol, interval, start, open, high, low, close, volume, trades, pv, open_ts, open_seq, close_ts, close_seq)
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
      pv        = bars.pv + excluded.pv`.execute(tx);
}

/** The latest new tick per symbol replaces the stored quote only when it is later by (ts, seq). */
async function upsertQuotes(tx: Db, fresh: readonly Tick[]): Promise<void> {
  const latest = new Map<string, Tick>();
  for (const t of fresh) {
    const cur = latest.get(t.symbol);
    if (!cur || later(t, cur)) latest.set(t.symbol, t);
  }
  const rows = [...latest.values()].sort((a, b) => compare(a.symbol, b.symbol));
  const col = <K extends keyof Tick>(k: K) => rows.map((t) => t[k]);
  await sql`
    insert into latest_quotes (symbol, ts, seq, last, bid, ask, size)
    select u.symbol, ${msToTs(sql`u.ms`)}, u.seq, u.last, u.bid, u.ask, u.size
    from unnest(${sql.val(col('symbol'))}::text[], ${sql.val(col('ts'))}::int8[], ${sql.val(col('seq'))}::int8[],
                ${sql.val(col('price'))}::float8[], ${sql.val(col('bid'))}::float8[], ${sql.val(col('ask'))}::float8[],
                ${sql.val(col('size'))}::float8[])
         as u(symbol, ms, seq, last, bid, ask, size)
    on conflict (symbol) do update set
      ts = excluded.ts, seq = excluded.seq, last = excluded.last, bid = excluded.bid, ask = excluded.ask, size = excluded.size
    where (excluded.ts, excluded.seq) > (latest_quotes.ts, latest_quotes.seq)`.execute(tx);
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

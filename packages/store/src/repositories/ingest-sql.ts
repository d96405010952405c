import { INTERVAL_MS, INTERVALS, type Tick } from '@bourse/core';
import type { BarAggregate } from '@bourse/quant/bars';
import { sql } from 'kysely';
import { msToTs } from '../rows.ts';
import { compare } from './reference.ts';

/**
 * The two statements of tick ingest. Bars are mergeable aggregates (open and
 * close remember the (ts, seq) that set them), so a batch's aggregates merge
 * into stored bars in any order and give what one pass over all ticks would.
 * `barsAndQuotes` merges aggregates built in TypeScript (`aggregateSorted`,
 * after a COPY); `ingestStatement` inserts the ticks and aggregates what it
 * inserted in SQL. The store's property test holds both to the same bars.
 */

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
export function barsAndQuotes(aggs: BarAggregate[], latest: readonly Tick[]) {
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
export function ingestStatement(ticks: readonly Tick[]) {
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
  return sql<{ n: number | string }>`
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
    select (select count(*) from ins) as n, (select count(*) from b) as bars, (select count(*) from q) as quotes`;
}

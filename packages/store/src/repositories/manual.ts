import type { Interval } from '@bourse/core';
import { type Kysely, sql } from 'kysely';
import { msToTs } from '../rows.ts';
import type { Database } from '../schema.ts';

/** One bar as loaded by hand or from a file: no trades behind it. */
export interface LoadedBar {
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/**
 * Series whose source is `manual`. Their bars go into the tick-built `bars` table: such a symbol has
 * no ticks, so nothing else writes its buckets. A bar loaded again replaces the stored one.
 */
export interface ManualSeriesRepository {
  isManual(symbol: string): Promise<boolean>;
  /** Does the symbol have bars or ticks from another source (which a manual series must not mix with)? */
  hasMarketData(symbol: string): Promise<boolean>;
  /** Mark a registered symbol as manual (idempotent). */
  register(symbol: string): Promise<void>;
  /** Load bars of one interval in one statement; counts new and replaced rows. The latest close becomes the symbol's quote. */
  load(symbol: string, interval: Interval, bars: readonly LoadedBar[]): Promise<{ inserted: number; updated: number }>;
}

export function manualSeriesRepository(db: Kysely<Database>): ManualSeriesRepository {
  return {
    async isManual(symbol) {
      return (await db.selectFrom('manual_series').select('symbol').where('symbol', '=', symbol).executeTakeFirst()) !== undefined;
    },
    async hasMarketData(symbol) {
      const { rows } = await sql<{ found: boolean }>`
        select exists (select 1 from ticks where symbol = ${symbol}) or exists (select 1 from bars where symbol = ${symbol}) as found`.execute(
        db,
      );
      return rows[0]?.found === true;
    },
    async register(symbol) {
      await db
        .insertInto('manual_series')
        .values({ symbol })
        .onConflict((oc) => oc.column('symbol').doNothing())
        .execute();
    },
    async load(symbol, interval, bars) {
      if (bars.length === 0) return { inserted: 0, updated: 0 };
      const col = <K extends keyof LoadedBar>(k: K) => bars.map((b) => b[k]);
      // Arrays in, one row per element out: one statement whatever the number of bars.
      // Counted in SQL: one row back, not one per bar.
      const { rows } = await sql<{ inserted: number; total: number }>`
        with loaded as (
        insert into bars (symbol, interval, start, open, high, low, close, volume, trades, pv, open_ts, open_seq, close_ts, close_seq)
        select ${symbol}, ${interval}, ${msToTs(sql`u.start`)}, u.open, u.high, u.low, u.close, u.volume, 0, u.close * u.volume,
               ${msToTs(sql`u.start`)}, 0, ${msToTs(sql`u.start`)}, 0
        from unnest(${col('start')}::int8[], ${col('open')}::float8[], ${col('high')}::float8[], ${col('low')}::float8[],
                    ${col('close')}::float8[], ${col('volume')}::float8[]) as u(start, open, high, low, close, volume)
        on conflict (symbol, interval, start) do update set
          open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
          volume = excluded.volume, pv = excluded.pv
        returning (xmax = 0) as fresh)
        select (count(*) filter (where fresh))::int as inserted, count(*)::int as total from loaded`.execute(db);
      const latest = bars.reduce((a, b) => (b.start > a.start ? b : a));
      await sql`
        insert into latest_quotes (symbol, ts, seq, last, bid, ask, size)
        values (${symbol}, ${msToTs(sql`${latest.start}::int8`)}, 0, ${latest.close}, ${latest.close}, ${latest.close}, 0)
        on conflict (symbol) do update set ts = excluded.ts, last = excluded.last, bid = excluded.bid, ask = excluded.ask
        where latest_quotes.ts <= excluded.ts`.execute(db);
      const { inserted = 0, total = 0 } = rows[0] ?? {};
      return { inserted, updated: total - inserted };
    },
  };
}

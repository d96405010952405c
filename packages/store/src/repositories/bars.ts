import { type Bar, INTERVAL_MS, type Interval } from '@bourse/core';
import { type BarAggregate, toBar } from '@bourse/quant/bars';
import type { Kysely, Selectable } from 'kysely';
import { type RangeQuery, toDate, toMs } from '../rows.ts';
import type { BarsTable, Database } from '../schema.ts';

/** Stored bars, written by tick ingest (see ticks.ts) and read here. */
export interface BarRepository {
  range(symbol: string, interval: Interval, query: RangeQuery): Promise<Bar[]>;
  latest(symbol: string, interval: Interval): Promise<Bar | undefined>;
}

/** `now` decides `final`: a bar is final once its interval is over. */
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

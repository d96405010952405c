import type { StreamQuote } from '@bourse/core';
import { type Kysely, sql } from 'kysely';
import { toMs } from '../rows.ts';
import type { Database } from '../schema.ts';

/** A row of latest_quotes: the stream's quote frame, its size always known. */
export type LatestQuote = Required<StreamQuote>;

/** The latest quote per symbol, moved forward by tick ingest (see ticks.ts). */
export interface QuoteRepository {
  latest(symbols: readonly string[]): Promise<Map<string, LatestQuote>>;
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

import { type Kysely, sql } from 'kysely';
import { toDate } from '../rows.ts';
import type { Database } from '../schema.ts';

export interface InsightsRepository {
  /** Stores an insight in the history and as the symbol's latest unless a newer one is there; false when it was stored already. */
  save(symbol: string, asOf: number, score: number, insight: unknown): Promise<boolean>;
  latest(symbol: string): Promise<unknown>;
  /** History with asOf in [from, to], oldest first. */
  history(symbol: string, range: { from: number; to: number; limit: number }): Promise<unknown[]>;
  /** The latest insight of every symbol, by score. */
  ranked(order: 'asc' | 'desc', limit: number): Promise<unknown[]>;
}

export function insightsRepository(db: Kysely<Database>): InsightsRepository {
  return {
    async save(symbol, asOf, score, insight) {
      const json = JSON.stringify(insight);
      return db.transaction().execute(async (tx) => {
        const r = await tx
          .insertInto('insights')
          .values({ symbol, as_of: toDate(asOf), score, insight: json })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return false;
        await tx
          .insertInto('insights_latest')
          .values({ symbol, as_of: toDate(asOf), score, insight: json })
          .onConflict((oc) =>
            oc
              .column('symbol')
              .doUpdateSet({ as_of: toDate(asOf), score, insight: json, updated_at: sql`now()` })
              .where('insights_latest.as_of', '<=', toDate(asOf)),
          )
          .execute();
        return true;
      });
    },

    async latest(symbol) {
      return (await db.selectFrom('insights_latest').select('insight').where('symbol', '=', symbol).executeTakeFirst())?.insight;
    },

    async history(symbol, { from, to, limit }) {
      const rows = await db
        .selectFrom('insights')
        .select('insight')
        .where('symbol', '=', symbol)
        .where('as_of', '>=', toDate(from))
        .where('as_of', '<=', toDate(to))
        .orderBy('as_of')
        .limit(limit)
        .execute();
      return rows.map((r) => r.insight);
    },

    async ranked(order, limit) {
      const rows = await db
        .selectFrom('insights_latest')
        .select('insight')
        .orderBy('score', order)
        .orderBy('symbol')
        .limit(limit)
        .execute();
      return rows.map((r) => r.insight);
    },
  };
}

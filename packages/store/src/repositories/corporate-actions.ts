import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.ts';

/** A split (`ratio` new shares per old: 4 for a 4-for-1) or a cash dividend per share, on its ex-date (YYYY-MM-DD). */
export type CorporateActionRecord =
  | { readonly symbol: string; readonly kind: 'split'; readonly exDate: string; readonly ratio: number; readonly source: string }
  | {
      readonly symbol: string;
      readonly kind: 'dividend';
      readonly exDate: string;
      readonly amount: number;
      readonly currency: string;
      readonly source: string;
    };

export interface CorporateActionRepository {
  /** Store events, each replacing the one of the same symbol, kind and ex-date; counts new and replaced rows. */
  upsert(actions: readonly CorporateActionRecord[]): Promise<{ inserted: number; updated: number }>;
  /** The events of a symbol with ex-date in [from, to] (YYYY-MM-DD, both optional), ascending. */
  list(symbol: string, range?: { from?: string; to?: string }): Promise<CorporateActionRecord[]>;
}

export function corporateActionRepository(db: Kysely<Database>): CorporateActionRepository {
  return {
    async upsert(actions) {
      if (actions.length === 0) return { inserted: 0, updated: 0 };
      const rows = await db
        .insertInto('corporate_actions')
        .values(
          actions.map((a) => ({
            symbol: a.symbol,
            kind: a.kind,
            ex_date: a.exDate,
            ratio: a.kind === 'split' ? a.ratio : null,
            amount: a.kind === 'dividend' ? a.amount : null,
            currency: a.kind === 'dividend' ? a.currency : null,
            source: a.source,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['symbol', 'kind', 'ex_date']).doUpdateSet((eb) => ({
            ratio: eb.ref('excluded.ratio'),
            amount: eb.ref('excluded.amount'),
            currency: eb.ref('excluded.currency'),
            source: eb.ref('excluded.source'),
            updated_at: sql`now()`,
          })),
        )
        // xmax = 0 on a freshly inserted row, the updating transaction's id on a replaced one.
        .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
        .execute();
      const inserted = rows.filter((r) => r.inserted).length;
      return { inserted, updated: rows.length - inserted };
    },
    async list(symbol, range = {}) {
      let q = db
        .selectFrom('corporate_actions')
        .select(['symbol', 'kind', sql<string>`to_char(ex_date, 'YYYY-MM-DD')`.as('ex_date'), 'ratio', 'amount', 'currency', 'source'])
        .where('symbol', '=', symbol);
      if (range.from !== undefined) q = q.where('ex_date', '>=', range.from);
      if (range.to !== undefined) q = q.where('ex_date', '<=', range.to);
      const rows = await q.orderBy('ex_date').orderBy('kind').execute();
      return rows.map(
        (r): CorporateActionRecord =>
          r.kind === 'split'
            ? { symbol: r.symbol, kind: 'split', exDate: r.ex_date, ratio: r.ratio ?? 1, source: r.source }
            : {
                symbol: r.symbol,
                kind: 'dividend',
                exDate: r.ex_date,
                amount: r.amount ?? 0,
                currency: r.currency ?? '',
                source: r.source,
              },
      );
    },
  };
}

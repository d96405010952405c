import { type Kysely, type Migration, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current Database type.
type Db = Kysely<any>;

/**
 * Splits and cash dividends as events, one per symbol, kind and ex-date: a provider's report and a
 * hand-loaded one of the same event replace each other rather than adjusting a price twice.
 */
export const corporateActionsMigration: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('corporate_actions')
      .addColumn('symbol', 'text', (c) => c.notNull().references('instruments.symbol').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('split', 'dividend')`))
      .addColumn('ex_date', 'date', (c) => c.notNull())
      // split: new shares per old share (4 for a 4-for-1); dividend: cash per share in `currency`
      .addColumn('ratio', 'float8', (c) => c.check(sql`ratio > 0`))
      .addColumn('amount', 'float8', (c) => c.check(sql`amount >= 0`))
      .addColumn('currency', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('corporate_actions_pkey', ['symbol', 'kind', 'ex_date'])
      .addCheckConstraint(
        'corporate_actions_value',
        sql`(kind = 'split' and ratio is not null) or (kind = 'dividend' and amount is not null)`,
      )
      .execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('corporate_actions').execute();
  },
};

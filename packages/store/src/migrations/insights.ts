import { type Kysely, type Migration, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current Database type.
type Db = Kysely<any>;

/** Composite scores: every insight computed (history) and the latest per symbol (the market overview sorts it). */
export const insightsMigration: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('insights')
      .addColumn('symbol', 'text', (c) => c.notNull())
      .addColumn('as_of', 'timestamptz', (c) => c.notNull())
      .addColumn('score', 'float8', (c) => c.notNull())
      .addColumn('insight', 'jsonb', (c) => c.notNull())
      .addPrimaryKeyConstraint('insights_pkey', ['symbol', 'as_of'])
      .execute();
    await db.schema
      .createTable('insights_latest')
      .addColumn('symbol', 'text', (c) => c.primaryKey())
      .addColumn('as_of', 'timestamptz', (c) => c.notNull())
      .addColumn('score', 'float8', (c) => c.notNull())
      .addColumn('insight', 'jsonb', (c) => c.notNull())
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('insights_latest_score_idx').on('insights_latest').column('score').execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('insights_latest').execute();
    await db.schema.dropTable('insights').execute();
  },
};

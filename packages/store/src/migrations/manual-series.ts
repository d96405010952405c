import { type Kysely, type Migration, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current Database type.
type Db = Kysely<any>;

/**
 * The symbols whose source is `manual` (unlisted assets, private funds): priced by hand or by CSV
 * import, never by ticks, so their daily bars live in the tick-built `bars` table without any bucket
 * being counted twice.
 */
export const manualSeriesMigration: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('manual_series')
      .addColumn('symbol', 'text', (c) => c.primaryKey().references('instruments.symbol').onDelete('cascade'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('manual_series').execute();
  },
};

import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import { optionsLatestMigration, optionsMigration, optionsRetentionMigration } from './migrations/options.ts';
import { authMigration } from './migrations/auth.ts';
import { deadLettersMigration } from './migrations/dead-letters.ts';
import { logsMigration } from './migrations/logs.ts';
import { aiMigration } from './migrations/ai.ts';
import { insightsMigration } from './migrations/insights.ts';
import { corporateActionsMigration } from './migrations/corporate-actions.ts';
import { manualSeriesMigration } from './migrations/manual-series.ts';
import { etlMigration } from './migrations/etl.ts';

/**
 * The schema, one migration set for PGlite and PostgreSQL. Migrations are code
 * (no directory scanning), named so that they sort in the order they apply.
 * `Kysely<any>` is deliberate: a migration must not depend on the current
 * Database type, which describes the schema after the last one.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above.
type Db = Kysely<any>;

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_reference': {
    async up(db: Db) {
      await db.schema
        .createTable('exchanges')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('instruments')
        .addColumn('symbol', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('exchange', 'text', (c) => c.notNull().references('exchanges.code'))
        .addColumn('asset_class', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('tick_size', 'float8', (c) => c.notNull())
        .addColumn('lot_size', 'float8', (c) => c.notNull())
        .addColumn('streamable', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema.createIndex('instruments_exchange_idx').on('instruments').column('exchange').execute();
    },
    async down(db: Db) {
      await db.schema.dropTable('instruments').execute();
      await db.schema.dropTable('exchanges').execute();
    },
  },
  '0002_market_data': {
    async up(db: Db) {
      // Ticks are keyed by their idempotency key; the primary key index also
      // serves range scans by symbol and time.
      await db.schema
        .createTable('ticks')
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('ts', 'timestamptz', (c) => c.notNull())
        .addColumn('seq', 'int8', (c) => c.notNull())
        .addColumn('price', 'float8', (c) => c.notNull())
        .addColumn('size', 'float8', (c) => c.notNull())
        .addColumn('bid', 'float8', (c) => c.notNull())
        .addColumn('ask', 'float8', (c) => c.notNull())
        .addPrimaryKeyConstraint('ticks_pkey', ['symbol', 'ts', 'seq'])
        .execute();
      // Bars are mergeable aggregates: open/close remember the (ts, seq) that set them.
      await db.schema
        .createTable('bars')
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('interval', 'text', (c) => c.notNull())
        .addColumn('start', 'timestamptz', (c) => c.notNull())
        .addColumn('open', 'float8', (c) => c.notNull())
        .addColumn('high', 'float8', (c) => c.notNull())
        .addColumn('low', 'float8', (c) => c.notNull())
        .addColumn('close', 'float8', (c) => c.notNull())
        .addColumn('volume', 'float8', (c) => c.notNull())
        .addColumn('trades', 'int8', (c) => c.notNull())
        .addColumn('pv', 'float8', (c) => c.notNull())
        .addColumn('open_ts', 'timestamptz', (c) => c.notNull())
        .addColumn('open_seq', 'int8', (c) => c.notNull())
        .addColumn('close_ts', 'timestamptz', (c) => c.notNull())
        .addColumn('close_seq', 'int8', (c) => c.notNull())
        .addPrimaryKeyConstraint('bars_pkey', ['symbol', 'interval', 'start'])
        .execute();
      await db.schema
        .createTable('latest_quotes')
        .addColumn('symbol', 'text', (c) => c.primaryKey())
        .addColumn('ts', 'timestamptz', (c) => c.notNull())
        .addColumn('seq', 'int8', (c) => c.notNull())
        .addColumn('last', 'float8', (c) => c.notNull())
        .addColumn('bid', 'float8', (c) => c.notNull())
        .addColumn('ask', 'float8', (c) => c.notNull())
        .addColumn('size', 'float8', (c) => c.notNull())
        .execute();
    },
    async down(db: Db) {
      await db.schema.dropTable('latest_quotes').execute();
      await db.schema.dropTable('bars').execute();
      await db.schema.dropTable('ticks').execute();
    },
  },
  '0004_auth': authMigration,
  '0005_options': optionsMigration,
  '0006_logs': logsMigration,
  '0007_option_analytics_ts': optionsRetentionMigration,
  '0008_option_latest': optionsLatestMigration,
  '0009_corporate_actions': corporateActionsMigration,
  '0009_dead_letters': deadLettersMigration,
  '0009_etl': etlMigration,
  '0010_ai': aiMigration,
  '0010_manual_series': manualSeriesMigration,
  '0011_insights': insightsMigration,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { ...MIGRATIONS };
  },
};

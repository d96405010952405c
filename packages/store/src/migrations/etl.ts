import { type Kysely, type Migration, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current Database type.
type Db = Kysely<any>;

/**
 * The etl service's tables: jobs and their per-symbol rows (leased with FOR UPDATE SKIP LOCKED),
 * bars as providers report them (keyed by source as well, beside the tick-built `bars`), the
 * quality issues of each load (rejected rows kept with their reasons, flags) and macro series.
 */
export const etlMigration: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('etl_jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('interval', 'text', (c) => c.notNull())
      .addColumn('from', 'timestamptz', (c) => c.notNull())
      .addColumn('to', 'timestamptz', (c) => c.notNull())
      // queued, running, succeeded, partially_succeeded, failed, cancelled
      .addColumn('state', 'text', (c) => c.notNull())
      // what started it: api, schedule:<name>, backfill
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('started_at', 'timestamptz')
      .addColumn('finished_at', 'timestamptz')
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'timestamptz')
      .addColumn('attempts', 'int4', (c) => c.notNull().defaultTo(0))
      .addColumn('cancel_requested', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('error', 'text')
      .execute();
    // What a worker looks for: the oldest job that is queued or whose lease ran out.
    await db.schema.createIndex('etl_jobs_claim_idx').on('etl_jobs').columns(['state', 'created_at']).execute();
    await db.schema.createIndex('etl_jobs_origin_idx').on('etl_jobs').columns(['origin', 'created_at']).execute();
    await db.schema
      .createTable('etl_job_symbols')
      .addColumn('job_id', 'text', (c) => c.notNull().references('etl_jobs.id').onDelete('cascade'))
      .addColumn('symbol', 'text', (c) => c.notNull())
      .addColumn('position', 'int4', (c) => c.notNull())
      // queued, running, succeeded, failed, cancelled
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('fetched', 'int4', (c) => c.notNull().defaultTo(0))
      .addColumn('loaded', 'int4', (c) => c.notNull().defaultTo(0))
      .addColumn('revised', 'int4', (c) => c.notNull().defaultTo(0))
      .addColumn('unchanged', 'int4', (c) => c.notNull().defaultTo(0))
      .addColumn('rejected', 'int4', (c) => c.notNull().defaultTo(0))
      .addColumn('flagged', 'int4', (c) => c.notNull().defaultTo(0))
      .addColumn('fetch_ms', 'float8')
      .addColumn('load_ms', 'float8')
      .addColumn('started_at', 'timestamptz')
      .addColumn('finished_at', 'timestamptz')
      .addColumn('error', 'text')
      .addPrimaryKeyConstraint('etl_job_symbols_pkey', ['job_id', 'symbol'])
      .execute();
    await db.schema
      .createTable('provider_bars')
      .addColumn('symbol', 'text', (c) => c.notNull())
      .addColumn('interval', 'text', (c) => c.notNull())
      .addColumn('start', 'timestamptz', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('open', 'float8', (c) => c.notNull())
      .addColumn('high', 'float8', (c) => c.notNull())
      .addColumn('low', 'float8', (c) => c.notNull())
      .addColumn('close', 'float8', (c) => c.notNull())
      .addColumn('volume', 'float8', (c) => c.notNull())
      .addColumn('trades', 'int8')
      .addPrimaryKeyConstraint('provider_bars_pkey', ['symbol', 'interval', 'start', 'source'])
      .execute();
    await db.schema
      .createTable('etl_issues')
      .addColumn('job_id', 'text', (c) => c.notNull().references('etl_jobs.id').onDelete('cascade'))
      .addColumn('symbol', 'text', (c) => c.notNull())
      .addColumn('interval', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      // epoch ms of the row, null when the row had no usable time
      .addColumn('start', 'timestamptz')
      .addColumn('check', 'text', (c) => c.notNull())
      // true: the row was not loaded; false: loaded and flagged (outlier, gap, stale)
      .addColumn('rejected', 'boolean', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('row', 'json')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('etl_issues_symbol_idx').on('etl_issues').columns(['symbol', 'created_at']).execute();
    await db.schema.createIndex('etl_issues_job_idx').on('etl_issues').columns(['job_id', 'symbol']).execute();
    await db.schema
      .createTable('macro_series')
      .addColumn('series_id', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('title', 'text')
      .addColumn('units', 'text')
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('macro_series_pkey', ['series_id', 'source'])
      .execute();
    await db.schema
      .createTable('macro_observations')
      .addColumn('series_id', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('date', 'date', (c) => c.notNull())
      // null: the provider published the date without a value (FRED's "."), never 0
      .addColumn('value', 'float8')
      .addPrimaryKeyConstraint('macro_observations_pkey', ['series_id', 'source', 'date'])
      .execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('macro_observations').execute();
    await db.schema.dropTable('macro_series').execute();
    await db.schema.dropTable('etl_issues').execute();
    await db.schema.dropTable('provider_bars').execute();
    await db.schema.dropTable('etl_job_symbols').execute();
    await db.schema.dropTable('etl_jobs').execute();
  },
};

import type { Kysely, Migration } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current Database type.
type Db = Kysely<any>;

/**
 * Option analytics history: one row per underlying, expiry and chain snapshot (the options
 * service writes one per chain update). Open interest and volume totals are kept beside the
 * ratios so that a put/call ratio over several expiries can be summed, not averaged.
 */
export const optionsMigration: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('option_analytics')
      .addColumn('underlying', 'text', (c) => c.notNull())
      .addColumn('expiry', 'text', (c) => c.notNull())
      .addColumn('ts', 'timestamptz', (c) => c.notNull())
      .addColumn('spot', 'float8', (c) => c.notNull())
      .addColumn('forward', 'float8', (c) => c.notNull())
      .addColumn('time_to_expiry', 'float8', (c) => c.notNull())
      .addColumn('call_oi', 'float8', (c) => c.notNull())
      .addColumn('put_oi', 'float8', (c) => c.notNull())
      .addColumn('call_volume', 'float8', (c) => c.notNull())
      .addColumn('put_volume', 'float8', (c) => c.notNull())
      .addColumn('pcr_oi', 'float8')
      .addColumn('pcr_volume', 'float8')
      .addColumn('max_pain', 'float8')
      .addColumn('atm_strike', 'float8')
      .addColumn('straddle', 'float8')
      .addColumn('atm_iv', 'float8')
      .addColumn('rr25', 'float8')
      .addColumn('bf25', 'float8')
      .addColumn('gex', 'float8', (c) => c.notNull())
      .addPrimaryKeyConstraint('option_analytics_pkey', ['underlying', 'expiry', 'ts'])
      .execute();
    await db.schema.createIndex('option_analytics_underlying_ts_idx').on('option_analytics').columns(['underlying', 'ts']).execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('option_analytics').execute();
  },
};

/**
 * Retention: the options service deletes history older than its retention period, oldest first and in
 * batches. The primary key and (underlying, ts) both lead with the underlying, so a cut by time alone
 * would scan the whole table; an index on ts makes each batch a range scan.
 */
export const optionsRetentionMigration: Migration = {
  async up(db: Db) {
    await db.schema.createIndex('option_analytics_ts_idx').on('option_analytics').column('ts').execute();
  },
  async down(db: Db) {
    await db.schema.dropIndex('option_analytics_ts_idx').execute();
  },
};

/**
 * What the options service knows now, beside the history: the latest chain of each underlying with the
 * open-interest build-up of its day's first snapshot, and which underlying each OCC root belongs to. The
 * cache holds the analysed form in front of these rows; a cold or flushed cache is filled back from them.
 * `json`, not `jsonb`: the chain is written every few seconds and read whole, never queried into, and keeping
 * the text as sent costs about half of converting it.
 */
export const optionsLatestMigration: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('option_latest_chains')
      .addColumn('underlying', 'text', (c) => c.primaryKey())
      .addColumn('ts', 'timestamptz', (c) => c.notNull())
      .addColumn('chain', 'json', (c) => c.notNull())
      .addColumn('day_open', 'json', (c) => c.notNull())
      .addColumn('day_opened_at', 'timestamptz', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('option_roots')
      .addColumn('root', 'text', (c) => c.primaryKey())
      .addColumn('underlying', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('option_roots').execute();
    await db.schema.dropTable('option_latest_chains').execute();
  },
};

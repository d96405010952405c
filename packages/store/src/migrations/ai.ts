import { type Kysely, type Migration, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current Database type.
type Db = Kysely<any>;

/**
 * The ai service: its model registry (every trained model with its out-of-sample record and
 * artefact), its training jobs (leased, so one worker runs each), and the signals its active
 * models emit (one per symbol, model and bar).
 */
export const aiMigration: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('ai_models')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'int4', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('features', 'jsonb', (c) => c.notNull())
      .addColumn('horizon', 'int4', (c) => c.notNull())
      .addColumn('interval', 'text', (c) => c.notNull())
      .addColumn('universe', 'jsonb', (c) => c.notNull())
      .addColumn('params', 'jsonb', (c) => c.notNull())
      .addColumn('train_from', 'timestamptz', (c) => c.notNull())
      .addColumn('train_to', 'timestamptz', (c) => c.notNull())
      .addColumn('data_hash', 'text', (c) => c.notNull())
      .addColumn('metrics', 'jsonb', (c) => c.notNull())
      .addColumn('artefact', 'jsonb', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addUniqueConstraint('ai_models_name_version', ['name', 'version'])
      .execute();
    await db.schema
      .createTable('ai_train_jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('progress', 'float8', (c) => c.notNull().defaultTo(0))
      .addColumn('request', 'jsonb', (c) => c.notNull())
      .addColumn('model_id', 'text')
      .addColumn('error', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('started_at', 'timestamptz')
      .addColumn('finished_at', 'timestamptz')
      .addColumn('lease_until', 'timestamptz')
      .execute();
    await db.schema
      .createTable('ai_signals')
      .addColumn('symbol', 'text', (c) => c.notNull())
      .addColumn('model_id', 'text', (c) => c.notNull())
      .addColumn('as_of', 'timestamptz', (c) => c.notNull())
      .addColumn('signal', 'jsonb', (c) => c.notNull())
      .addPrimaryKeyConstraint('ai_signals_pkey', ['symbol', 'model_id', 'as_of'])
      .execute();
    await db.schema.createIndex('ai_signals_symbol_as_of_idx').on('ai_signals').columns(['symbol', 'as_of']).execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('ai_signals').execute();
    await db.schema.dropTable('ai_train_jobs').execute();
    await db.schema.dropTable('ai_models').execute();
  },
};

import { type Kysely, type Migration, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current Database type.
type Db = Kysely<any>;

/** Central logs: one row per log line of any process, kept for a retention period. */
export const logsMigration: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('logs')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('ts', 'timestamptz', (c) => c.notNull())
      .addColumn('service', 'text', (c) => c.notNull())
      .addColumn('level', 'int2', (c) => c.notNull())
      .addColumn('instance', 'text')
      .addColumn('request_id', 'text')
      .addColumn('msg', 'text', (c) => c.notNull().defaultTo(''))
      // The whole line as JSON text (fields vary by line).
      .addColumn('line', 'text', (c) => c.notNull())
      .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('logs_ts_idx').on('logs').column('ts').execute();
    await db.schema.createIndex('logs_service_ts_idx').on('logs').columns(['service', 'ts']).execute();
    await db.schema.createIndex('logs_request_idx').on('logs').column('request_id').where(sql.ref('request_id'), 'is not', null).execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('logs').execute();
  },
};

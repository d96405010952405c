import { type Kysely, type Migration, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on the current Database type.
type Db = Kysely<any>;

/**
 * Dead letters, each stored once (keyed by the dead letter's id, which derives from the original
 * message's), with the whole original body as bytes: the body of a message too large to travel
 * inside its dead letter is kept here, and `bourse dlq replay` resends from it.
 */
export const deadLettersMigration: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('dead_letters')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('consumer', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('deliveries', 'int4', (c) => c.notNull())
      .addColumn('size', 'int8', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('truncated', 'boolean', (c) => c.notNull().defaultTo(false))
      // null only when a truncated letter's body had expired from the bus before it was recorded
      .addColumn('body', 'bytea')
      .addColumn('dead_at', 'timestamptz', (c) => c.notNull())
      .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('replays', 'int4', (c) => c.notNull().defaultTo(0))
      .addColumn('replayed_at', 'timestamptz')
      .execute();
    await db.schema.createIndex('dead_letters_subject_idx').on('dead_letters').columns(['subject', 'dead_at']).execute();
    await db.schema.createIndex('dead_letters_dead_at_idx').on('dead_letters').column('dead_at').execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('dead_letters').execute();
  },
};

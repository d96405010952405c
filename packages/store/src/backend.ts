import type { Kysely } from 'kysely';
import type { CopyTicks } from './repositories/ticks.ts';
import type { Database } from './schema.ts';

/** What opening a backend gives the store: its Kysely instance and its COPY path for tick ingest. */
export interface Backend {
  db: Kysely<Database>;
  copy: CopyTicks;
}

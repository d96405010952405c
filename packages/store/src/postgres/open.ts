import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import { toStoreError } from '../errors.ts';
import type { Backend } from '../backend.ts';
import type { Database } from '../schema.ts';
import { pgCopyTicks } from './copy.ts';

/** The server backend: a pool of 10 connections, tables in `schema` when given. */
export function openPostgres(url: string, schema: string | undefined): Backend {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 10_000,
    // search_path per connection, set at connect time by the server itself.
    options: schema ? `-c search_path=${schema}` : undefined,
    types: { getTypeParser: typeParser as typeof pg.types.getTypeParser },
  });
  // An idle client losing its connection emits 'error' on the pool; without a
  // listener that kills the process. The next query reports the outage.
  pool.on('error', () => {});
  const guarded: PostgresPool = {
    async connect() {
      try {
        return await pool.connect();
      } catch (error) {
        throw toStoreError(error, `cannot connect to PostgreSQL at ${redact(url)}`);
      }
    },
    end: () => pool.end(),
  };
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: guarded }) }), copy: pgCopyTicks(pool) };
}

const parseInt8 = (value: string) => Number(value);

function typeParser(oid: number, format?: 'text' | 'binary') {
  return oid === 20 ? parseInt8 : pg.types.getTypeParser(oid, format ?? 'text');
}

/** The URL with its password masked, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

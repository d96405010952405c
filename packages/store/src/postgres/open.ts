import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { toStoreError } from '../errors.ts';
import type { Backend } from '../backend.ts';
import type { Database } from '../schema.ts';
import { pgCopyTicks } from './copy.ts';

export interface PostgresOptions {
  /** Tables in this schema (search_path) when given. */
  readonly schema?: string | undefined;
  /** The server cancels any statement running longer (SQLSTATE 57014, reported as UnavailableError); 0: none. */
  readonly statementTimeoutMs?: number | undefined;
}

/** The server backend: a pool of 10 connections whose every failure to reach the server is an UnavailableError. */
export function openPostgres(url: string, { schema, statementTimeoutMs = 0 }: PostgresOptions = {}): Backend {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 10_000,
    // A peer that vanished without a reset (a cut link, a frozen host) is noticed by the kernel, not never.
    keepAlive: true,
    // search_path and statement_timeout per connection, set at connect time by the server itself.
    options: serverOptions(schema, statementTimeoutMs),
    types: { getTypeParser: typeParser as typeof pg.types.getTypeParser },
  });
  // A client that loses its connection emits 'error'. The pool listens only while the client is idle;
  // one checked out (between two statements of a transaction, or even while its query fails with the
  // same error) would throw it as an uncaught exception and end the process. The statement under way,
  // or the next one, reports the outage; the pool drops the broken client when it is released.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const where = `PostgreSQL at ${redact(url)}`;
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const guarded: PostgresPool = {
    async connect() {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw toStoreError(error, `cannot connect to ${where}`);
      }
      // One wrapper per client: Kysely keys its connection objects on the client.
      let wrapped = clients.get(client);
      if (!wrapped) {
        wrapped = guardedClient(client, where);
        clients.set(client, wrapped);
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: guarded }) }), copy: pgCopyTicks(pool, where) };
}

function serverOptions(schema: string | undefined, statementTimeoutMs: number): string | undefined {
  const set = [schema ? `-c search_path=${schema}` : '', statementTimeoutMs > 0 ? `-c statement_timeout=${statementTimeoutMs}` : ''];
  return set.filter(Boolean).join(' ') || undefined;
}

/** The client as Kysely uses it, its statements' connection failures rethrown as UnavailableError. */
function guardedClient(client: pg.PoolClient, where: string): PostgresPoolClient {
  // Kysely streams through a cursor only when given one (this dialect is not): every call is a statement.
  const query = (sql: string, parameters: readonly unknown[]) =>
    client.query(sql, parameters as unknown[]).catch((error: unknown) => {
      throw toStoreError(error, where);
    });
  return { query: query as unknown as PostgresPoolClient['query'], release: () => client.release() };
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

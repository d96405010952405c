import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { type Config, UnavailableError } from '@bourse/core';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  type KyselyPlugin,
  Migrator,
  PostgresDialect,
  type PostgresPool,
  sql,
} from 'kysely';
import pg from 'pg';
import { MigrationError, StoreConfigError, toStoreError } from './errors.ts';
import { migrationProvider } from './migrations.ts';
import { PGliteDialect } from './pglite/index.ts';
import { type ExchangeRepository, type InstrumentRepository, exchangeRepository, instrumentRepository } from './repositories/reference.ts';
import {
  type BarRepository,
  type CopyTicks,
  pgCopyTicks,
  pgliteCopyTicks,
  type QuoteRepository,
  type TickRepository,
  barRepository,
  quoteRepository,
  tickRepository,
} from './repositories/market.ts';
import { type OptionsRepository, optionsRepository } from './repositories/options.ts';
import type { Database } from './schema.ts';

export interface StoreOptions {
  /** Apply pending migrations on start (default true). */
  migrate?: boolean;
  /**
   * Schema for the tables and the migration history (default: the server's
   * search_path, normally `public`). Tests use a fresh one per run.
   */
  schema?: string;
  /** Clock for `Bar.final` (default Date.now). */
  now?: () => number;
  /** Kysely plugins for every query (the kit's tracing). */
  plugins?: readonly KyselyPlugin[];
}

export interface MigrationStatus {
  name: string;
  applied: boolean;
}

export interface Migrations {
  /** Apply all pending migrations; returns the names applied. */
  up(): Promise<string[]>;
  /** Revert the last applied migration (one step); returns the names reverted. */
  down(): Promise<string[]>;
  status(): Promise<MigrationStatus[]>;
}

export interface Health {
  ok: boolean;
  detail?: string;
}

export interface Store {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<Database>;
  readonly migrate: Migrations;
  readonly exchanges: ExchangeRepository;
  readonly instruments: InstrumentRepository;
  readonly ticks: TickRepository;
  readonly bars: BarRepository;
  readonly quotes: QuoteRepository;
  readonly options: OptionsRepository;
  health(): Promise<Health>;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Open the store chosen by config; connection failures become UnavailableError. */
export async function createStore(config: Config['database'], opts: StoreOptions = {}): Promise<Store> {
  const { schema } = opts;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreConfigError(`schema must match ${SCHEMA_NAME} (got "${schema}")`);
  }
  const { db: opened, copy } = config.kind === 'pglite' ? await openPGlite(config.dir, schema) : openPostgres(config.url, schema);
  // Plugins (tracing) see every query of every repository.
  const db = (opts.plugins ?? []).reduce((d, plugin) => d.withPlugin(plugin), opened);
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => {});
    if (error instanceof UnavailableError) throw error;
    const where = config.kind === 'pglite' ? `PGlite at ${config.dir}` : `PostgreSQL at ${redact(config.url)}`;
    throw new UnavailableError(`cannot reach ${where}: ${(error as Error).message}`, error);
  }

  const migrate = migrations(db, schema);
  const store: Store = {
    kind: config.kind,
    db,
    migrate,
    exchanges: exchangeRepository(db),
    instruments: instrumentRepository(db),
    ticks: tickRepository(db, copy),
    bars: barRepository(db, opts.now ?? Date.now),
    quotes: quoteRepository(db),
    options: optionsRepository(db),
    async health() {
      try {
        await sql`select 1`.execute(db);
        return { ok: true };
      } catch (error) {
        return { ok: false, detail: (error as Error).message };
      }
    },
    async close() {
      await db.destroy();
    },
  };
  if (opts.migrate ?? true) {
    try {
      await migrate.up();
    } catch (error) {
      await db.destroy().catch(() => {});
      throw error;
    }
  }
  return store;
}

/** A backend's Kysely instance and its COPY path for tick ingest. */
interface Opened {
  db: Kysely<Database>;
  copy: CopyTicks;
}

async function openPGlite(dir: string, schema: string | undefined): Promise<Opened> {
  let pglite: PGlite;
  try {
    if (!dir.includes('://')) mkdirSync(dir, { recursive: true });
    // int8 as number (our int8 values are epoch ms, sequence numbers and counts, all < 2^53).
    pglite = new PGlite(dir, { parsers: { 20: Number } });
    await pglite.waitReady;
  } catch (error) {
    throw new UnavailableError(`cannot open PGlite at ${dir}: ${(error as Error).message}`, error);
  }
  const db = new Kysely<Database>({
    dialect: new PGliteDialect({
      pglite,
      ...(schema
        ? {
            onCreateConnection: async (conn: DatabaseConnection) => {
              await conn.executeQuery(CompiledQuery.raw(`create schema if not exists "${schema}"`));
              await conn.executeQuery(CompiledQuery.raw(`set search_path to "${schema}"`));
            },
          }
        : {}),
    }),
  });
  return { db, copy: pgliteCopyTicks(db, pglite) };
}

function openPostgres(url: string, schema: string | undefined): Opened {
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

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

function migrations(db: Kysely<Database>, schema: string | undefined): Migrations {
  const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const run = async (what: 'up' | 'down') => {
    const { error, results } = what === 'up' ? await migrator.migrateToLatest() : await migrator.migrateDown();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName;
      const cause = toStoreError(error, 'migration failed');
      if (cause instanceof UnavailableError) throw cause;
      throw new MigrationError(`migration ${what}${failed ? ` ${failed}` : ''} failed: ${(error as Error).message}`, failed, error);
    }
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  };
  return {
    up: () => run('up'),
    down: () => run('down'),
    async status() {
      const list = await migrator.getMigrations();
      return list.map((m) => ({ name: m.name, applied: m.executedAt !== undefined }));
    },
  };
}

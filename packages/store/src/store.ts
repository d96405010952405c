import { type Config, UnavailableError } from '@bourse/core';
import { type Kysely, type KyselyPlugin, Migrator, sql } from 'kysely';
import { MigrationError, StoreConfigError, toStoreError } from './errors.ts';
import { migrationProvider } from './migrations.ts';
import { openPGlite } from './pglite/index.ts';
import { openPostgres, redact } from './postgres/index.ts';
import { type AiRepository, aiRepository } from './repositories/ai.ts';
import { type AuthRepository, authRepository } from './repositories/auth.ts';
import { type BarRepository, barRepository } from './repositories/bars.ts';
import { type InsightsRepository, insightsRepository } from './repositories/insights.ts';
import { type DeadLetterRepository, deadLetterRepository } from './repositories/dead-letters.ts';
import { type EtlRepository, etlRepository } from './repositories/etl.ts';
import { type LogsRepository, logsRepository } from './repositories/logs.ts';
import { type QuoteRepository, quoteRepository } from './repositories/quotes.ts';
import { type ExchangeRepository, type InstrumentRepository, exchangeRepository, instrumentRepository } from './repositories/reference.ts';
import { type TickRepository, tickRepository } from './repositories/ticks.ts';
import { type OptionsRepository, optionsRepository } from './repositories/options.ts';
import { type CorporateActionRepository, corporateActionRepository } from './repositories/corporate-actions.ts';
import { type ManualSeriesRepository, manualSeriesRepository } from './repositories/manual.ts';
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
  /**
   * Ingest new ticks through the backend's COPY path, aggregating bars in
   * TypeScript (default true, the fast way). False sends every batch through
   * the one-statement SQL path, which aggregates in SQL: the store's tests
   * hold both paths to the same bars.
   */
  copy?: boolean;
}

export interface MigrationStatus {
  name: string;
  applied: boolean;
  /** when it was applied (UTC epoch ms) */
  appliedAt?: number;
}

export interface Migrations {
  /** Apply all pending migrations; returns the names applied. */
  up(): Promise<string[]>;
  /** Revert the last applied migration (one step); returns the names reverted. */
  down(): Promise<string[]>;
  status(): Promise<MigrationStatus[]>;
  /** Revert every applied migration after `name` (newest first), leaving `name` the last applied; returns the names reverted. */
  downTo(name: string): Promise<string[]>;
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
  /** Accounts, sessions and API keys. */
  readonly auth: AuthRepository;
  /** Central log lines. */
  readonly logs: LogsRepository;
  /** Option chain history, the latest chain per underlying and the OCC roots. */
  readonly options: OptionsRepository;
  /** The ai service's model registry, training jobs and signals. */
  readonly ai: AiRepository;
  /** Composite scores: history and the latest per symbol. */
  readonly insights: InsightsRepository;
  /** Dead letters, each stored once with the original's body, and their replays. */
  readonly deadLetters: DeadLetterRepository;
  /** Splits and dividends. */
  readonly corporateActions: CorporateActionRepository;
  /** Series priced by hand or by file (source `manual`). */
  readonly manual: ManualSeriesRepository;
  /** ETL jobs and their leases, provider bars by source, quality issues, macro series. */
  readonly etl: EtlRepository;
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
  const { db: opened, copy } =
    config.kind === 'pglite'
      ? await openPGlite(config.dir, schema)
      : openPostgres(config.url, { schema, statementTimeoutMs: config.statementTimeoutMs });
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
    ticks: tickRepository(db, (opts.copy ?? true) ? copy : undefined),
    bars: barRepository(db, opts.now ?? Date.now),
    quotes: quoteRepository(db),
    auth: authRepository(db),
    logs: logsRepository(db),
    options: optionsRepository(db),
    ai: aiRepository(db),
    insights: insightsRepository(db),
    deadLetters: deadLetterRepository(db),
    corporateActions: corporateActionRepository(db),
    manual: manualSeriesRepository(db),
    etl: etlRepository(db),
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

function migrations(db: Kysely<Database>, schema: string | undefined): Migrations {
  const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const run = async (what: 'up' | 'down', to?: string) => {
    const { error, results } =
      what === 'up' ? await migrator.migrateToLatest() : to !== undefined ? await migrator.migrateTo(to) : await migrator.migrateDown();
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
    downTo: (name) => run('down', name),
    async status() {
      const list = await migrator.getMigrations();
      return list.map((m) => ({
        name: m.name,
        applied: m.executedAt !== undefined,
        ...(m.executedAt ? { appliedAt: m.executedAt.getTime() } : {}),
      }));
    },
  };
}

import { type Kysely, type Selectable, sql } from 'kysely';
import { toMs } from '../rows.ts';
import type { Database, EtlJobSymbolsTable, EtlJobsTable } from '../schema.ts';
import { compare } from './reference.ts';

export type EtlJobState = 'queued' | 'running' | 'succeeded' | 'partially_succeeded' | 'failed' | 'cancelled';
export type EtlSymbolState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface EtlSymbolRecord {
  symbol: string;
  state: EtlSymbolState;
  /** rows the provider returned */
  fetched: number;
  /** rows new to the store */
  loaded: number;
  /** rows that replaced a stored row with other values (a provider's correction) */
  revised: number;
  /** rows equal to what was stored */
  unchanged: number;
  /** rows not loaded, kept with their reasons */
  rejected: number;
  /** rows loaded but flagged (outliers), and gaps and staleness found */
  flagged: number;
  fetchMs: number | null;
  loadMs: number | null;
  startedAt: number | null;
  finishedAt: number | null;
  error: string | null;
}

export interface EtlJobRecord {
  id: string;
  source: string;
  interval: string;
  from: number;
  to: number;
  state: EtlJobState;
  origin: string;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  attempts: number;
  cancelRequested: boolean;
  leaseOwner: string | null;
  error: string | null;
  symbols: EtlSymbolRecord[];
}

export interface NewEtlJob {
  id: string;
  source: string;
  interval: string;
  from: number;
  to: number;
  symbols: readonly string[];
  origin: string;
}

/** A bar to load: the provider's values, already through the quality checks. */
export interface LoadBar {
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades?: number | undefined;
}

export interface StoredProviderBar extends LoadBar {
  symbol: string;
  interval: string;
  source: string;
  trades?: number;
}

export interface EtlIssue {
  check: string;
  rejected: boolean;
  reason: string;
  start: number | null;
  row?: unknown;
}

export interface LoadResult {
  loaded: number;
  revised: number;
  unchanged: number;
}

export interface SymbolOutcome {
  state: 'succeeded' | 'failed' | 'cancelled';
  fetched: number;
  rejected: number;
  flagged: number;
  fetchMs: number | null;
  loadMs: number | null;
  error: string | null;
  /** rows loaded elsewhere than provider_bars (macro observations), counted as loaded */
  extraLoaded?: number;
}

export interface QualityCount {
  check: string;
  rejected: boolean;
  count: number;
  lastAt: number;
  lastReason: string;
}

export interface MacroRecord {
  seriesId: string;
  source: string;
  title: string | null;
  units: string | null;
  observations: { date: string; value: number | null }[];
}

export interface EtlRepository {
  createJob(job: NewEtlJob): Promise<EtlJobRecord>;
  getJob(id: string): Promise<EtlJobRecord | undefined>;
  /** Newest first. */
  listJobs(query: { limit: number; state?: EtlJobState; origin?: string }): Promise<EtlJobRecord[]>;
  /**
   * Take the oldest job that is queued, or running under a lease that ran out (its worker died),
   * for `leaseMs` from the database's clock. FOR UPDATE SKIP LOCKED: two workers never take the same job.
   */
  claim(owner: string, leaseMs: number, id?: string): Promise<EtlJobRecord | undefined>;
  /** Extend a held lease; false when the lease is no longer this owner's (it ran out and another took the job). */
  renew(id: string, owner: string, leaseMs: number): Promise<{ held: boolean; cancelRequested: boolean }>;
  startSymbol(id: string, owner: string, symbol: string): Promise<boolean>;
  /**
   * Load one symbol's bars and issues and record its outcome in one transaction, only while the
   * lease is held: a worker that lost its lease writes nothing, and the one that took over loads
   * the same rows again (idempotently). Issues of an earlier attempt at the same symbol are replaced.
   */
  loadSymbol(
    job: { id: string; owner: string; source: string; interval: string },
    symbol: string,
    bars: readonly LoadBar[],
    issues: readonly EtlIssue[],
    outcome: SymbolOutcome,
  ): Promise<LoadResult | undefined>;
  finishJob(id: string, owner: string, state: EtlJobState, error: string | null): Promise<boolean>;
  /** A queued job is cancelled at once; a running one is asked to stop (its worker ends it). Undefined: no such job. */
  requestCancel(id: string): Promise<EtlJobRecord | undefined>;
  /** Provider bars of one source with start in [from, to], ascending, at most `limit` (the latest when only `to` is given). */
  bars(symbol: string, interval: string, source: string, q: { from?: number; to?: number; limit: number }): Promise<StoredProviderBar[]>;
  /** The start of the latest stored bar of a symbol, interval and source. */
  lastBarStart(symbol: string, interval: string, source: string): Promise<number | undefined>;
  /** The source whose bars of a symbol and interval reach furthest (the primary of an instrument that does not stream). */
  latestSource(symbol: string, interval: string): Promise<string | undefined>;
  /** Counts of the quality issues of a symbol (every symbol when undefined), by check. */
  quality(symbol: string | undefined, since?: number): Promise<QualityCount[]>;
  issues(symbol: string, limit: number): Promise<(EtlIssue & { jobId: string; interval: string; source: string; createdAt: number })[]>;
  /** Daily closes of a symbol by source with start in [from, to]. */
  dailyCloses(symbol: string, from: number, to: number): Promise<{ start: number; source: string; close: number }[]>;
  upsertMacro(series: MacroRecord): Promise<number>;
  macro(seriesId: string, from?: string, to?: string): Promise<MacroRecord | undefined>;
  /** The creation time of the latest job of an origin (a schedule's last run). */
  lastJobAt(origin: string): Promise<number | undefined>;
}

export function etlRepository(db: Kysely<Database>): EtlRepository {
  const withSymbols = async (rows: Selectable<EtlJobsTable>[]): Promise<EtlJobRecord[]> => {
    if (rows.length === 0) return [];
    const symbols = await db
      .selectFrom('etl_job_symbols')
      .selectAll()
      .where(
        'job_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('job_id')
      .orderBy('position')
      .execute();
    const byJob = new Map<string, EtlSymbolRecord[]>();
    for (const s of symbols) {
      const list = byJob.get(s.job_id) ?? [];
      list.push(toSymbol(s));
      byJob.set(s.job_id, list);
    }
    return rows.map((r) => toJob(r, byJob.get(r.id) ?? []));
  };
  const one = async (id: string) => {
    const row = await db.selectFrom('etl_jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? (await withSymbols([row]))[0] : undefined;
  };
  const leaseHeld = (id: string, owner: string) =>
    sql<boolean>`exists (select 1 from etl_jobs where id = ${id} and lease_owner = ${owner} and state = 'running' and lease_until > now())`;

  return {
    async createJob(job) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('etl_jobs')
          .values({
            id: job.id,
            source: job.source,
            interval: job.interval,
            from: new Date(job.from),
            to: new Date(job.to),
            state: 'queued',
            origin: job.origin,
          })
          .execute();
        if (job.symbols.length > 0)
          await trx
            .insertInto('etl_job_symbols')
            .values(job.symbols.map((symbol, position) => ({ job_id: job.id, symbol, position, state: 'queued' })))
            .execute();
      });
      return (await one(job.id))!;
    },

    getJob: one,

    async listJobs({ limit, state, origin }) {
      let q = db.selectFrom('etl_jobs').selectAll();
      if (state) q = q.where('state', '=', state);
      if (origin) q = q.where('origin', '=', origin);
      return withSymbols(await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute());
    },

    async claim(owner, leaseMs, only) {
      const { rows } = await sql<{ id: string }>`
        update etl_jobs set
          state = 'running',
          lease_owner = ${owner},
          lease_until = now() + ${leaseMs} * interval '1 millisecond',
          attempts = attempts + 1,
          started_at = coalesce(started_at, now())
        where id = (
          select id from etl_jobs
          where (state = 'queued' or (state = 'running' and lease_until < now()))
            and (${only ?? null}::text is null or id = ${only ?? null})
          order by created_at, id
          limit 1
          for update skip locked
        )
        returning id`.execute(db);
      const id = rows[0]?.id;
      return id === undefined ? undefined : one(id);
    },

    async renew(id, owner, leaseMs) {
      const row = await db
        .updateTable('etl_jobs')
        .set({ lease_until: sql`now() + ${leaseMs} * interval '1 millisecond'` })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('state', '=', 'running')
        .returning('cancel_requested')
        .executeTakeFirst();
      return { held: row !== undefined, cancelRequested: row?.cancel_requested ?? false };
    },

    async startSymbol(id, owner, symbol) {
      const res = await db
        .updateTable('etl_job_symbols')
        .set({ state: 'running', started_at: sql`now()` })
        .where('job_id', '=', id)
        .where('symbol', '=', symbol)
        .where(leaseHeld(id, owner))
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },

    async loadSymbol(job, symbol, bars, issues, outcome) {
      return db.transaction().execute(async (trx) => {
        // Lock the job row: a lease that runs out during the load cannot be taken over mid-write.
        const held = await sql<{ id: string }>`
          select id from etl_jobs where id = ${job.id} and lease_owner = ${job.owner} and state = 'running' and lease_until > now()
          for update`.execute(trx);
        if (held.rows.length === 0) return undefined;
        const result: LoadResult = { loaded: 0, revised: 0, unchanged: 0 };
        const sorted = [...bars].sort((a, b) => a.start - b.start);
        for (let i = 0; i < sorted.length; i += LOAD_CHUNK) {
          const part = sorted.slice(i, i + LOAD_CHUNK);
          const { rows } = await upsertBars(symbol, job.interval, job.source, part).execute(trx);
          const loaded = Number(rows[0]?.loaded ?? 0);
          const revised = Number(rows[0]?.revised ?? 0);
          result.loaded += loaded;
          result.revised += revised;
          result.unchanged += part.length - loaded - revised;
        }
        await trx.deleteFrom('etl_issues').where('job_id', '=', job.id).where('symbol', '=', symbol).execute();
        for (let i = 0; i < issues.length; i += LOAD_CHUNK) {
          await trx
            .insertInto('etl_issues')
            .values(
              issues.slice(i, i + LOAD_CHUNK).map((issue) => ({
                job_id: job.id,
                symbol,
                interval: job.interval,
                source: job.source,
                start: issue.start === null || !Number.isFinite(issue.start) ? null : new Date(issue.start),
                check: issue.check,
                rejected: issue.rejected,
                reason: issue.reason,
                row: issue.row === undefined ? null : JSON.stringify(issue.row),
              })),
            )
            .execute();
        }
        await trx
          .updateTable('etl_job_symbols')
          .set({
            state: outcome.state,
            fetched: outcome.fetched,
            loaded: result.loaded + (outcome.extraLoaded ?? 0),
            revised: result.revised,
            unchanged: result.unchanged,
            rejected: outcome.rejected,
            flagged: outcome.flagged,
            fetch_ms: outcome.fetchMs,
            load_ms: outcome.loadMs,
            error: outcome.error,
            finished_at: sql`now()`,
          })
          .where('job_id', '=', job.id)
          .where('symbol', '=', symbol)
          .execute();
        return result;
      });
    },

    async finishJob(id, owner, state, error) {
      const res = await db
        .updateTable('etl_jobs')
        .set({ state, error, finished_at: sql`now()`, lease_until: null })
        .where('id', '=', id)
        .where('lease_owner', '=', owner)
        .where('state', '=', 'running')
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },

    async requestCancel(id) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('etl_jobs')
          .set({ state: 'cancelled', cancel_requested: true, finished_at: sql`now()` })
          .where('id', '=', id)
          .where('state', '=', 'queued')
          .execute();
        await trx
          .updateTable('etl_job_symbols')
          .set({ state: 'cancelled' })
          .where('job_id', '=', id)
          .where('state', '=', 'queued')
          .where(sql<boolean>`exists (select 1 from etl_jobs where id = ${id} and state = 'cancelled')`)
          .execute();
        await trx.updateTable('etl_jobs').set({ cancel_requested: true }).where('id', '=', id).where('state', '=', 'running').execute();
      });
      return one(id);
    },

    async bars(symbol, interval, source, { from, to, limit }) {
      let q = db
        .selectFrom('provider_bars')
        .selectAll()
        .where('symbol', '=', symbol)
        .where('interval', '=', interval)
        .where('source', '=', source);
      if (from !== undefined) q = q.where('start', '>=', new Date(from));
      if (to !== undefined) q = q.where('start', '<=', new Date(to));
      const rows =
        from === undefined
          ? (await q.orderBy('start', 'desc').limit(limit).execute()).reverse()
          : await q.orderBy('start', 'asc').limit(limit).execute();
      return rows.map((r) => ({
        symbol: r.symbol,
        interval: r.interval,
        source: r.source,
        start: toMs(r.start),
        open: r.open,
        high: r.high,
        low: r.low,
        close: r.close,
        volume: r.volume,
        ...(r.trades === null ? {} : { trades: Number(r.trades) }),
      }));
    },

    async lastBarStart(symbol, interval, source) {
      const row = await db
        .selectFrom('provider_bars')
        .select('start')
        .where('symbol', '=', symbol)
        .where('interval', '=', interval)
        .where('source', '=', source)
        .orderBy('start', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toMs(row.start) : undefined;
    },

    async latestSource(symbol, interval) {
      const row = await db
        .selectFrom('provider_bars')
        .select('source')
        .where('symbol', '=', symbol)
        .where('interval', '=', interval)
        .orderBy('start', 'desc')
        .orderBy('source')
        .limit(1)
        .executeTakeFirst();
      return row?.source;
    },

    async quality(symbol, since) {
      let q = db
        .selectFrom('etl_issues')
        .select((eb) => [
          'check',
          'rejected',
          eb.fn.countAll<string>().as('n'),
          eb.fn.max('created_at').as('last_at'),
          sql<string>`(array_agg(reason order by created_at desc))[1]`.as('last_reason'),
        ])
        .groupBy(['check', 'rejected'])
        .orderBy('check');
      if (symbol !== undefined) q = q.where('symbol', '=', symbol);
      if (since !== undefined) q = q.where('created_at', '>=', new Date(since));
      const rows = await q.execute();
      return rows.map((r) => ({
        check: r.check,
        rejected: r.rejected,
        count: Number(r.n),
        lastAt: toMs(r.last_at as Date),
        lastReason: r.last_reason,
      }));
    },

    async issues(symbol, limit) {
      const rows = await db
        .selectFrom('etl_issues')
        .selectAll()
        .where('symbol', '=', symbol)
        .orderBy('created_at', 'desc')
        .orderBy('start', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        jobId: r.job_id,
        interval: r.interval,
        source: r.source,
        check: r.check,
        rejected: r.rejected,
        reason: r.reason,
        start: r.start === null ? null : toMs(r.start),
        row: typeof r.row === 'string' ? JSON.parse(r.row) : r.row,
        createdAt: toMs(r.created_at),
      }));
    },

    async dailyCloses(symbol, from, to) {
      const rows = await db
        .selectFrom('provider_bars')
        .select(['start', 'source', 'close'])
        .where('symbol', '=', symbol)
        .where('interval', '=', '1d')
        .where('start', '>=', new Date(from))
        .where('start', '<=', new Date(to))
        .orderBy('start')
        .orderBy('source')
        .execute();
      return rows.map((r) => ({ start: toMs(r.start), source: r.source, close: r.close }));
    },

    async upsertMacro(series) {
      return db.transaction().execute(async (trx) => {
        await trx
          .insertInto('macro_series')
          .values({ series_id: series.seriesId, source: series.source, title: series.title, units: series.units })
          .onConflict((oc) =>
            oc.columns(['series_id', 'source']).doUpdateSet({
              title: (eb) => eb.fn.coalesce('excluded.title', 'macro_series.title'),
              units: (eb) => eb.fn.coalesce('excluded.units', 'macro_series.units'),
              updated_at: sql`now()`,
            }),
          )
          .execute();
        const sorted = [...series.observations].sort((a, b) => compare(a.date, b.date));
        for (let i = 0; i < sorted.length; i += LOAD_CHUNK) {
          await trx
            .insertInto('macro_observations')
            .values(
              sorted
                .slice(i, i + LOAD_CHUNK)
                .map((o) => ({ series_id: series.seriesId, source: series.source, date: o.date, value: o.value })),
            )
            .onConflict((oc) => oc.columns(['series_id', 'source', 'date']).doUpdateSet({ value: (eb) => eb.ref('excluded.value') }))
            .execute();
        }
        return sorted.length;
      });
    },

    async macro(seriesId, from, to) {
      const meta = await db
        .selectFrom('macro_series')
        .selectAll()
        .where('series_id', '=', seriesId)
        .orderBy('updated_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!meta) return undefined;
      let q = db
        .selectFrom('macro_observations')
        .select([sql<string>`to_char(date, 'YYYY-MM-DD')`.as('day'), 'value'])
        .where('series_id', '=', seriesId)
        .where('source', '=', meta.source);
      if (from !== undefined) q = q.where('date', '>=', from);
      if (to !== undefined) q = q.where('date', '<=', to);
      const rows = await q.orderBy('date').execute();
      return {
        seriesId,
        source: meta.source,
        title: meta.title,
        units: meta.units,
        observations: rows.map((r) => ({ date: r.day, value: r.value })),
      };
    },

    async lastJobAt(origin) {
      const row = await db
        .selectFrom('etl_jobs')
        .select('created_at')
        .where('origin', '=', origin)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toMs(row.created_at) : undefined;
    },
  };
}

/** Rows per statement: one array parameter per column keeps a statement's size independent of the row count. */
const LOAD_CHUNK = 5000;

/**
 * Insert new bars, replace those whose values changed (a provider's correction) and leave equal ones
 * alone. Only inserted and changed rows are counted, in the database (`xmax = 0` tells an insert from an
 * update), so no row travels back.
 */
function upsertBars(symbol: string, interval: string, source: string, bars: readonly LoadBar[]) {
  const col = (pick: (b: LoadBar) => number | undefined, type: 'int8' | 'float8') =>
    sql`${sql.val(`{${bars.map((b) => pick(b) ?? 'NULL').join(',')}}`)}::text::${sql.raw(type)}[]`;
  return sql<{ loaded: string | number; revised: string | number }>`
    with up as (
    insert into provider_bars (symbol, interval, start, source, open, high, low, close, volume, trades)
    select ${symbol}, ${interval}, timestamptz 'epoch' + u.start * interval '1 millisecond', ${source},
           u.open, u.high, u.low, u.close, u.volume, u.trades
    from unnest(${col((b) => b.start, 'int8')}, ${col((b) => b.open, 'float8')}, ${col((b) => b.high, 'float8')},
                ${col((b) => b.low, 'float8')}, ${col((b) => b.close, 'float8')}, ${col((b) => b.volume, 'float8')},
                ${col((b) => b.trades, 'int8')}) as u(start, open, high, low, close, volume, trades)
    on conflict (symbol, interval, start, source) do update set
      open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
      volume = excluded.volume, trades = excluded.trades
    where (provider_bars.open, provider_bars.high, provider_bars.low, provider_bars.close, provider_bars.volume, provider_bars.trades)
          is distinct from (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume, excluded.trades)
    returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted) as loaded, count(*) filter (where not inserted) as revised from up`;
}

function ms(d: Date | null): number | null {
  return d === null ? null : toMs(d);
}

function toSymbol(s: Selectable<EtlJobSymbolsTable>): EtlSymbolRecord {
  return {
    symbol: s.symbol,
    state: s.state as EtlSymbolState,
    fetched: s.fetched,
    loaded: s.loaded,
    revised: s.revised,
    unchanged: s.unchanged,
    rejected: s.rejected,
    flagged: s.flagged,
    fetchMs: s.fetch_ms,
    loadMs: s.load_ms,
    startedAt: ms(s.started_at),
    finishedAt: ms(s.finished_at),
    error: s.error,
  };
}

function toJob(r: Selectable<EtlJobsTable>, symbols: EtlSymbolRecord[]): EtlJobRecord {
  return {
    id: r.id,
    source: r.source,
    interval: r.interval,
    from: toMs(r.from),
    to: toMs(r.to),
    state: r.state as EtlJobState,
    origin: r.origin,
    createdAt: toMs(r.created_at),
    startedAt: ms(r.started_at),
    finishedAt: ms(r.finished_at),
    attempts: r.attempts,
    cancelRequested: r.cancel_requested,
    leaseOwner: r.lease_owner,
    error: r.error,
    symbols,
  };
}

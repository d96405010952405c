import { BadRequestError, ConflictError, newId, NotFoundError, SymbolSchema, UnavailableError } from '@bourse/core';
import { type App, ErrorResponse, queryTime, type ServiceContext, TimeQuery } from '@bourse/kit';
import { type Provider, ProviderError, type SourceId } from '@bourse/providers';
import type { EtlJobRecord } from '@bourse/store';
import Type from 'typebox';
import { reconcile } from './reconcile.ts';
import { describeSchedules } from './schedules.ts';
import { Job, JobParams, Macro, NewJob, Quality, Reconcile, Schedule } from './schemas.ts';

const ISO_DAY = '^\\d{4}-\\d{2}-\\d{2}$';

export async function etlRoutes(app: App, ctx: ServiceContext<'store' | 'bus'>, providers: ReadonlyMap<SourceId, Provider>): Promise<void> {
  const { store } = ctx;
  const view = ({ leaseOwner: _owner, ...job }: EtlJobRecord) => job;

  app.post(
    '/etl/jobs',
    {
      schema: {
        tags: ['etl'],
        summary: 'Queue an ETL job: fetch, check and load history of symbols from a source',
        body: NewJob,
        response: { 202: Job, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { source, symbols, interval = '1d' } = request.body;
      const from = bodyTime(request.body.from, 'from');
      const to = request.body.to === undefined ? Date.now() : bodyTime(request.body.to, 'to');
      if (from >= to) throw new BadRequestError('body.from must be before body.to');
      const provider = providers.get(source);
      if (!provider) throw new BadRequestError(`source ${source} is not enabled (enabled: ${[...providers.keys()].join(', ')})`);
      if (provider.history && !provider.capabilities.history.includes(interval))
        throw new BadRequestError(`source ${source} has no ${interval} history (it has ${provider.capabilities.history.join(', ')})`);
      const job = await store.etl.createJob({ id: newId(), source, interval, from, to, symbols: [...new Set(symbols)], origin: 'api' });
      request.log.info({ job: job.id, source, symbols: job.symbols.length }, 'etl job queued');
      return reply.status(202).send(view(job));
    },
  );

  app.get(
    '/etl/jobs',
    {
      schema: {
        tags: ['etl'],
        summary: 'ETL jobs, newest first',
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          state: Type.Optional(Job.properties.state),
          origin: Type.Optional(
            Type.String({ maxLength: 100, pattern: '^[a-z]+(:[a-z0-9-]+)?$', description: 'api, cli, backfill or schedule:<name>' }),
          ),
        }),
        response: { 200: Type.Object({ data: Type.Array(Job) }), 400: ErrorResponse },
      },
    },
    async (request) => {
      const { limit, state, origin } = request.query;
      const jobs = await store.etl.listJobs({ limit, ...(state ? { state } : {}), ...(origin ? { origin } : {}) });
      return { data: jobs.map(view) };
    },
  );

  const getJob = async (id: string) => {
    const job = await store.etl.getJob(id);
    if (!job) throw new NotFoundError(`no etl job ${id}`);
    return job;
  };

  app.get(
    '/etl/jobs/:id',
    {
      schema: { tags: ['etl'], summary: 'One ETL job', params: JobParams, response: { 200: Job, 400: ErrorResponse, 404: ErrorResponse } },
    },
    async (request) => view(await getJob(request.params.id)),
  );

  app.post(
    '/etl/jobs/:id/cancel',
    {
      schema: {
        tags: ['etl'],
        summary: 'Cancel a job: at once when queued, after its current symbol when running',
        params: JobParams,
        response: { 200: Job, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      const job = await getJob(request.params.id);
      if (job.state !== 'queued' && job.state !== 'running') throw new ConflictError(`etl job ${job.id} is already ${job.state}`);
      return view((await store.etl.requestCancel(job.id))!);
    },
  );

  app.get(
    '/etl/schedules',
    {
      schema: {
        tags: ['etl'],
        summary: 'Scheduled collections (BOURSE_ETL_SCHEDULES), with their last and next run',
        response: { 200: Type.Object({ data: Type.Array(Schedule) }) },
      },
    },
    async () => ({ data: await describeSchedules(ctx) }),
  );

  app.get(
    '/etl/quality',
    {
      schema: {
        tags: ['etl'],
        summary: 'Data quality: issues found by the loads, by check; with a symbol, its latest issues too',
        querystring: Type.Object({ symbol: Type.Optional(SymbolSchema), since: Type.Optional(TimeQuery) }),
        response: { 200: Quality, 400: ErrorResponse },
      },
    },
    async (request) => {
      const { symbol } = request.query;
      const counts = await store.etl.quality(symbol, queryTime(request.query.since, 'since'));
      const checks = new Map<string, { check: string; rejected: number; flagged: number; lastAt: number; lastReason: string }>();
      for (const c of counts) {
        const entry = checks.get(c.check) ?? { check: c.check, rejected: 0, flagged: 0, lastAt: 0, lastReason: '' };
        if (c.rejected) entry.rejected += c.count;
        else entry.flagged += c.count;
        if (c.lastAt >= entry.lastAt) Object.assign(entry, { lastAt: c.lastAt, lastReason: c.lastReason });
        checks.set(c.check, entry);
      }
      return {
        symbol: symbol ?? null,
        checks: [...checks.values()],
        recent: symbol === undefined ? [] : (await store.etl.issues(symbol, 50)).map((i) => ({ ...i, row: i.row ?? null })),
      };
    },
  );

  app.get(
    '/etl/reconcile',
    {
      schema: {
        tags: ['etl'],
        summary: "Trading days where two sources' daily closes differ beyond a tolerance",
        querystring: Type.Object({
          symbol: SymbolSchema,
          from: TimeQuery,
          to: Type.Optional(TimeQuery),
          tolerance: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.005, description: 'relative difference, 0.005 = 0.5%' }),
        }),
        response: { 200: Reconcile, 400: ErrorResponse },
      },
    },
    async (request) => {
      const { symbol, tolerance } = request.query;
      const from = queryTime(request.query.from, 'from');
      const to = queryTime(request.query.to, 'to') ?? Date.now();
      if (from > to) throw new BadRequestError('querystring.from must not be after querystring.to');
      return { symbol, tolerance, days: reconcile(await store.etl.dailyCloses(symbol, from, to), tolerance) };
    },
  );

  app.get(
    '/macro/:seriesId',
    {
      schema: {
        tags: ['etl'],
        summary: 'A macro series (FRED): observations by date, a missing value as null',
        params: Type.Object({ seriesId: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }) }),
        querystring: Type.Object({
          from: Type.Optional(Type.String({ pattern: ISO_DAY })),
          to: Type.Optional(Type.String({ pattern: ISO_DAY })),
        }),
        response: { 200: Macro, 400: ErrorResponse, 404: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request) => {
      const { seriesId } = request.params;
      const { from, to } = request.query;
      if (from !== undefined && to !== undefined && from > to)
        throw new BadRequestError('querystring.from must not be after querystring.to');
      let series = await store.etl.macro(seriesId, from, to);
      if (!series) {
        // Not collected yet: read it through from the first macro source, and keep it.
        const provider = [...providers.values()].find((p) => p.capabilities.macro && p.macro !== undefined);
        if (!provider?.macro) throw new NotFoundError(`no macro series ${seriesId}`);
        const fetched = await provider
          .macro(seriesId, from ?? '1900-01-01', to ?? new Date().toISOString().slice(0, 10))
          .catch((error: unknown) => {
            if (!(error instanceof ProviderError)) throw error;
            if (error.kind === 'not_found') throw new NotFoundError(`no macro series ${seriesId}`);
            throw new UnavailableError(`macro series ${seriesId} is not stored and ${error.message}`);
          });
        await store.etl.upsertMacro({
          seriesId,
          source: provider.id,
          title: fetched.title ?? null,
          units: fetched.units ?? null,
          observations: fetched.observations.map((o) => ({ date: o.date, value: o.value })),
        });
        series = await store.etl.macro(seriesId, from, to);
        if (!series) throw new NotFoundError(`no macro series ${seriesId}`);
      }
      return {
        seriesId,
        ...(series.title === null ? {} : { title: series.title }),
        ...(series.units === null ? {} : { units: series.units }),
        source: series.source,
        observations: series.observations,
      };
    },
  );
}

function bodyTime(value: number | string, field: string): number {
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new BadRequestError(`body.${field} must be epoch ms, an ISO 8601 date-time or an ISO day`);
  return ms;
}

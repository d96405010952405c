import { INTERVALS, SymbolSchema } from '@bourse/core';
import { SOURCE_IDS } from '@bourse/providers';
import Type from 'typebox';

const Ms = Type.Integer({ description: 'UTC epoch ms' });
const NullableMs = Type.Union([Ms, Type.Null()]);
const SourceSchema = Type.Enum([...SOURCE_IDS], { description: 'source id' });
const IntervalSchema = Type.Enum([...INTERVALS]);
/** A time in a body: epoch ms, an ISO 8601 date-time or an ISO day (UTC midnight). */
const BodyTime = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ minLength: 10, maxLength: 40 })], {
  description: 'UTC epoch ms, an ISO 8601 date-time or an ISO day (YYYY-MM-DD, UTC midnight)',
});

const JobSymbol = Type.Object({
  symbol: Type.String(),
  state: Type.Enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
  fetched: Type.Integer({ description: 'rows the provider returned' }),
  loaded: Type.Integer({ description: 'rows new to the store' }),
  revised: Type.Integer({ description: 'stored rows replaced by a corrected value' }),
  unchanged: Type.Integer({ description: 'rows equal to what was stored' }),
  rejected: Type.Integer({ description: 'rows not loaded, kept with their reasons (GET /etl/quality)' }),
  flagged: Type.Integer({ description: 'outliers, gaps and staleness found (loaded)' }),
  fetchMs: Type.Union([Type.Number(), Type.Null()]),
  loadMs: Type.Union([Type.Number(), Type.Null()]),
  startedAt: NullableMs,
  finishedAt: NullableMs,
  error: Type.Union([Type.String(), Type.Null()]),
});

export const Job = Type.Object({
  id: Type.String(),
  source: Type.String(),
  interval: Type.String(),
  from: Ms,
  to: Ms,
  state: Type.Enum(['queued', 'running', 'succeeded', 'partially_succeeded', 'failed', 'cancelled']),
  origin: Type.String({ description: 'api, backfill or schedule:<name>' }),
  createdAt: Ms,
  startedAt: NullableMs,
  finishedAt: NullableMs,
  attempts: Type.Integer({ description: 'times a worker took it (more than one: a worker died and another resumed it)' }),
  cancelRequested: Type.Boolean(),
  error: Type.Union([Type.String(), Type.Null()]),
  symbols: Type.Array(JobSymbol),
});

export const NewJob = Type.Object(
  {
    source: SourceSchema,
    symbols: Type.Array(SymbolSchema, { minItems: 1, maxItems: 1000, description: 'Bourse symbols (or macro series ids)' }),
    interval: Type.Optional(IntervalSchema),
    from: BodyTime,
    to: Type.Optional(BodyTime),
  },
  { additionalProperties: false },
);

export const JobParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' }) });

export const Schedule = Type.Object({
  name: Type.String(),
  cron: Type.String(),
  source: Type.String(),
  symbols: Type.Array(Type.String()),
  interval: Type.String(),
  lookbackMs: Type.Integer(),
  enabled: Type.Boolean(),
  lastRun: NullableMs,
  nextRun: NullableMs,
});

export const Quality = Type.Object({
  symbol: Type.Union([Type.String(), Type.Null()]),
  checks: Type.Array(
    Type.Object({
      check: Type.String(),
      rejected: Type.Integer({ description: 'rows rejected by this check' }),
      flagged: Type.Integer({ description: 'findings flagged by this check (rows kept)' }),
      lastAt: Ms,
      lastReason: Type.String(),
    }),
  ),
  recent: Type.Array(
    Type.Object({
      jobId: Type.String(),
      source: Type.String(),
      interval: Type.String(),
      check: Type.String(),
      rejected: Type.Boolean(),
      reason: Type.String(),
      start: NullableMs,
      row: Type.Unknown(),
      createdAt: Ms,
    }),
  ),
});

export const Reconcile = Type.Object({
  symbol: Type.String(),
  tolerance: Type.Number(),
  days: Type.Array(
    Type.Object({
      date: Type.String({ description: 'trading day (YYYY-MM-DD)' }),
      closes: Type.Record(Type.String(), Type.Number()),
      difference: Type.Number({ description: 'highest close over lowest, less one' }),
    }),
  ),
});

export const Macro = Type.Object({
  seriesId: Type.String(),
  title: Type.Optional(Type.String()),
  units: Type.Optional(Type.String()),
  source: Type.String(),
  observations: Type.Array(Type.Object({ date: Type.String(), value: Type.Union([Type.Number(), Type.Null()]) })),
});

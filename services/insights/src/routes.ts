import type { Cache } from '@bourse/cache';
import { Insight, NotFoundError, SymbolSchema } from '@bourse/core';
import { type App, ErrorResponse, queryTime, TimeQuery } from '@bourse/kit';
import type { Store } from '@bourse/store';
import Type from 'typebox';
import { cacheKeys } from './worker.ts';

const tags = ['insights'];

export async function insightsRoutes(app: App, store: Store, cache: Cache): Promise<void> {
  app.get(
    '/insights',
    {
      schema: {
        tags,
        summary: 'The market overview: the latest insight of every symbol by score',
        querystring: Type.Object({
          sort: Type.Optional(Type.Enum(['score'])),
          order: Type.Optional(Type.Enum(['desc', 'asc'], { description: 'desc: strongest first (default); asc: weakest first' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 20 })),
        }),
        response: { 200: Type.Object({ data: Type.Array(Insight) }), 400: ErrorResponse },
      },
    },
    async (request) => ({ data: (await store.insights.ranked(request.query.order ?? 'desc', request.query.limit ?? 20)) as Insight[] }),
  );

  app.get(
    '/insights/:symbol',
    {
      schema: {
        tags,
        summary: "A symbol's composite score with its components, and its history with from/to",
        params: Type.Object({ symbol: SymbolSchema }),
        querystring: Type.Object({
          from: Type.Optional(TimeQuery),
          to: Type.Optional(TimeQuery),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })),
        }),
        response: {
          200: Type.Object({ ...Insight.properties, history: Type.Optional(Type.Array(Insight)) }),
          400: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (request) => {
      const { symbol } = request.params;
      // The cache in front, the store behind it: a cache that is away or empty costs a query, never an error.
      const latest =
        (await cache.get<Insight>(cacheKeys.insight(symbol)).catch(() => undefined)) ??
        ((await store.insights.latest(symbol)) as Insight | undefined);
      if (!latest) throw new NotFoundError(`no insight for ${symbol} yet`);
      const q = request.query;
      if (q.from === undefined && q.to === undefined) return latest;
      const history = (await store.insights.history(symbol, {
        from: queryTime(q.from, 'from') ?? 0,
        to: queryTime(q.to, 'to') ?? Date.now(),
        limit: q.limit ?? 500,
      })) as Insight[];
      return { ...latest, history };
    },
  );
}

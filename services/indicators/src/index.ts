import { BadRequestError, INTERVALS, type Interval, NotFoundError, SYMBOL_PATTERN } from '@bourse/core';
import { defineService, ErrorResponse, type ServiceContext } from '@bourse/kit';
import { indicators } from '@bourse/quant/indicators';
import Type, { type Static } from 'typebox';
import { barsToInputs, compute, type IndicatorResult, IndicatorStreams, toInputs, warmupBars } from './engine.ts';
import { type IndicatorRequest, parseSpecList, resolve } from './spec.ts';

export { IndicatorStreams } from './engine.ts';
export { parseSpecList } from './spec.ts';

const IntervalSchema = Type.Union(
  INTERVALS.map((i) => Type.Literal(i)),
  { default: '1d' },
);
const Numbers = Type.Array(Type.Number(), { maxItems: 200_000 });
const IndicatorItem = Type.Union([
  Type.String({ minLength: 1, maxLength: 100, description: 'e.g. rsi(14) or macd(12,26,9)' }),
  Type.Object({
    name: Type.String({ minLength: 1, maxLength: 50 }),
    params: Type.Optional(Type.Record(Type.String(), Type.Number())),
  }),
]);
const Result = Type.Object({
  name: Type.String(),
  label: Type.String({ description: 'canonical form, e.g. macd(12,26,9)' }),
  params: Type.Record(Type.String(), Type.Number()),
  lookback: Type.Integer({ description: 'leading bars with null values (warm-up)' }),
  outputs: Type.Record(Type.String(), Type.Array(Type.Union([Type.Number(), Type.Null()]))),
});
const SymbolResult = Type.Object({
  symbol: Type.String(),
  interval: Type.String(),
  t: Type.Array(Type.Integer(), { description: 'bar starts, UTC epoch ms' }),
  results: Type.Array(Result),
});
const CalculateBody = Type.Object({
  indicators: Type.Array(IndicatorItem, { minItems: 1, maxItems: 50 }),
  series: Type.Optional(
    Type.Object(
      {
        open: Type.Optional(Numbers),
        high: Type.Optional(Numbers),
        low: Type.Optional(Numbers),
        close: Type.Optional(Numbers),
        volume: Type.Optional(Numbers),
        start: Type.Optional(Numbers),
      },
      { additionalProperties: false },
    ),
  ),
  symbol: Type.Optional(Type.String({ pattern: SYMBOL_PATTERN })),
  symbols: Type.Optional(Type.Array(Type.String({ pattern: SYMBOL_PATTERN }), { minItems: 1, maxItems: 50 })),
  interval: Type.Optional(IntervalSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
});
const CalculateResponse = Type.Union([
  Type.Object({ length: Type.Integer(), results: Type.Array(Result) }),
  Type.Object({ data: Type.Array(SymbolResult) }),
]);

function requestsOf(items: Static<typeof CalculateBody>['indicators']): IndicatorRequest[] {
  return items.flatMap((item) => (typeof item === 'string' ? parseSpecList(item) : [resolve(item.name, item.params ?? {})]));
}

/** Indicators over stored bars, cached until the latest bar changes. */
async function forSymbol(
  ctx: ServiceContext<'store' | 'bus' | 'cache'>,
  symbol: string,
  interval: Interval,
  requests: IndicatorRequest[],
  limit: number,
) {
  if (!(await ctx.store.instruments.get(symbol))) throw new NotFoundError(`unknown symbol ${symbol}`);
  const latest = await ctx.store.bars.latest(symbol, interval);
  const key = `ind:${symbol}:${interval}:${limit}:${requests.map((r) => r.label).join(';')}:${latest?.start ?? 0}:${latest?.trades ?? 0}`;
  const cached = await ctx.cache.get<{ t: number[]; results: IndicatorResult[] }>(key);
  if (cached) return { symbol, interval, ...cached };
  const bars = latest ? await ctx.store.bars.range(symbol, interval, { limit: limit + warmupBars(requests) }) : [];
  const keep = Math.min(limit, bars.length);
  const results = compute(requests, barsToInputs(bars), bars.length, keep);
  const t = bars.slice(bars.length - keep).map((b) => b.start);
  await ctx.cache.set(key, { t, results }, 60_000);
  return { symbol, interval, t, results };
}

export const indicatorsService = defineService({
  name: 'indicators',
  description: 'Technical indicators over stored bars and posted series; streaming updates on md.ind.<interval>.<symbol>',
  needs: ['store', 'bus', 'cache'],
  prefixes: ['/indicators'],
  async routes(app, ctx) {
    const streams = new IndicatorStreams(ctx);
    workers.set(ctx, streams);

    app.get(
      '/indicators/available',
      {
        schema: {
          tags: ['indicators'],
          summary: 'Every indicator with its inputs, parameters and outputs',
          response: {
            200: Type.Object({
              data: Type.Array(
                Type.Object({
                  name: Type.String(),
                  title: Type.String(),
                  description: Type.String(),
                  group: Type.String(),
                  inputs: Type.Array(Type.String()),
                  parameters: Type.Array(
                    Type.Object({
                      name: Type.String(),
                      description: Type.String(),
                      default: Type.Number(),
                      min: Type.Number(),
                      max: Type.Number(),
                      integer: Type.Boolean(),
                    }),
                  ),
                  outputs: Type.Array(Type.String()),
                  talib: Type.Union([Type.String(), Type.Null()]),
                }),
              ),
            }),
          },
        },
      },
      async () => ({
        data: indicators.map((d) => ({
          name: d.name,
          title: d.title,
          description: d.description,
          group: d.group,
          inputs: [...d.inputs],
          parameters: d.params.map((p) => ({ ...p })),
          outputs: [...d.outputs],
          talib: d.talib,
        })),
      }),
    );

    app.get(
      '/indicators/:symbol',
      {
        schema: {
          tags: ['indicators'],
          summary: 'Indicators over the stored bars of a symbol',
          params: Type.Object({ symbol: Type.String({ pattern: SYMBOL_PATTERN }) }),
          querystring: Type.Object({
            interval: IntervalSchema,
            indicators: Type.String({ minLength: 1, maxLength: 2000, description: 'e.g. rsi(14),macd(12,26,9),bbands(20,2)' }),
            limit: Type.Integer({ minimum: 1, maximum: 5000, default: 200 }),
          }),
          response: { 200: SymbolResult, 400: ErrorResponse, 404: ErrorResponse },
        },
      },
      async (request) => {
        const { interval, limit } = request.query;
        const requests = parseSpecList(request.query.indicators);
        const out = await forSymbol(ctx, request.params.symbol, interval as Interval, requests, limit);
        streams.use(request.params.symbol, interval as Interval, requests);
        return out;
      },
    );

    app.post(
      '/indicators/calculate',
      {
        bodyLimit: 16 * 1024 * 1024,
        // A computation, not a write: public like the other reads (rate limits apply).
        config: { auth: 'public' },
        schema: {
          tags: ['indicators'],
          summary: 'Indicators over a posted series, or over the stored bars of one or more symbols',
          body: CalculateBody,
          response: { 200: CalculateResponse, 400: ErrorResponse, 404: ErrorResponse },
        },
      },
      async (request) => {
        const body = request.body;
        const requests = requestsOf(body.indicators);
        if (body.series) {
          if (body.symbol || body.symbols) throw new BadRequestError('body must have either series or symbol/symbols, not both');
          const { inputs, length } = toInputs(body.series);
          return { length, results: compute(requests, inputs, length) };
        }
        const symbols = body.symbols ?? (body.symbol ? [body.symbol] : []);
        if (symbols.length === 0) throw new BadRequestError('body must have series, symbol or symbols');
        const interval = (body.interval ?? '1d') as Interval;
        const limit = body.limit ?? 200;
        const data = [];
        for (const symbol of symbols) data.push(await forSymbol(ctx, symbol, interval, requests, limit));
        return { data };
      },
    );
  },
  async start(ctx) {
    const streams = workers.get(ctx) ?? new IndicatorStreams(ctx);
    return streams.follow();
  },
});

const workers = new WeakMap<ServiceContext<'store' | 'bus' | 'cache'>, IndicatorStreams>();

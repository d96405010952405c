import { PoisonMessageError } from '@bourse/bus';
import {
  BadRequestError,
  BourseError,
  CATALOG,
  NotFoundError,
  type OptionChainMessage,
  parseOccSymbol,
  SYMBOL_PATTERN,
  subjects,
} from '@bourse/core';
import { defineService, ErrorResponse, keepRecent, type ServiceContext, type Worker } from '@bourse/kit';
import {
  black76ImpliedVol,
  bsmImpliedVol,
  GREEKS_STRIDE,
  type ImpliedVolFailureReason,
  type ImpliedVolResult,
  priceAndGreeksInto,
} from '@bourse/quant/options';
import { type OptionAnalyticsRecord, optionsRepository, type Store } from '@bourse/store';
import Type, { type Static, type TProperties, type TSchema } from 'typebox';
import {
  type ChainAnalytics,
  contractSymbol,
  DELTA_GRID,
  type DayOpen,
  dayOpenOf,
  type EnrichedExpiry,
  type EnrichedSide,
  MONEYNESS_GRID,
  analyseChain,
} from './analytics.ts';

export * from './analytics.ts';

const DAY_MS = 86_400_000;
/** Chains older than this are dropped from the cache (the feed refreshes them every few seconds). */
const CHAIN_TTL_MS = 3_600_000;
export const MAX_BATCH = 10_000;
/**
 * The pricing calculators read nothing and write nothing: public like the GET routes. A variable, not a
 * literal, so that it type-checks whether or not the kit declares route auth levels.
 */
const PUBLIC_ROUTE = { auth: 'public' } as const;

/** What the service keeps per underlying: the latest analysed chain, and the day's first OI build-up. */
interface Latest {
  analysis: ChainAnalytics;
  day: number;
  dayOpen: DayOpen;
}

const key = {
  latest: (u: string) => `opt:chain:${u}`,
  root: (root: string) => `opt:root:${root}`,
};

const REASONS: Record<ImpliedVolFailureReason, string> = {
  below_intrinsic: 'the price is below the intrinsic value',
  above_upper_bound: 'the price is at or above the no-arbitrage upper bound',
  no_time_value: 'the price has no time value left in double precision',
};

// ---- schemas ---------------------------------------------------------------------------------

const Nullable = (t: TSchema) => Type.Union([t, Type.Null()]);
const NumOrNull = Nullable(Type.Number());
const Underlying = Type.Object({ underlying: Type.String({ pattern: SYMBOL_PATTERN, description: 'e.g. SPX, NIFTY, BTC-USD' }) });
const ExpiryQuery = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD; default the nearest expiry' });
const Time = Type.Union([Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 }), Type.String({ format: 'date-time' })], {
  description: 'UTC epoch milliseconds or an ISO 8601 date-time',
});
const OptionTypeSchema = Type.Union([Type.Literal('call'), Type.Literal('put')]);
const ModelSchema = Type.Union([Type.Literal('bsm'), Type.Literal('black76')], {
  description: 'bsm (default): spot with dividend yield; black76: `spot` is the forward/futures price',
});

/** One input, or an array of 1 to MAX_BATCH of them. if/then/else (not anyOf) so a bad field is named in the 400. */
function OneOrMany<T extends TSchema>(item: T) {
  return Type.Unsafe<Static<T> | Static<T>[]>({
    if: { type: 'array' },
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else, not a thenable.
    then: Type.Array(item, { minItems: 1, maxItems: MAX_BATCH }),
    else: item,
  });
}

const Snapshot = {
  underlying: Type.String(),
  ts: Type.Integer({ description: 'chain time, UTC epoch ms' }),
  spot: Type.Number(),
};

/** The responses of a route that reads the latest chain: the snapshot's header and `fields`, or a 400 or 404. */
function fromLatestChain<T extends TProperties>(fields: T) {
  return { 200: Type.Object({ ...Snapshot, ...fields }), 400: ErrorResponse, 404: ErrorResponse };
}

const Contract = Type.Object({
  symbol: Type.String({ description: 'OCC symbol' }),
  bid: Type.Number(),
  ask: Type.Number(),
  last: NumOrNull,
  mid: Type.Number(),
  volume: Type.Integer(),
  openInterest: Type.Integer(),
  iv: Nullable(Type.Number({ description: 'implied volatility of the mid price' })),
  ivError: Nullable(Type.String({ description: 'why there is no IV: below_intrinsic, above_upper_bound, no_time_value' })),
  delta: NumOrNull,
  gamma: NumOrNull,
  vega: NumOrNull,
  theta: NumOrNull,
  thetaPerDay: NumOrNull,
  rho: NumOrNull,
  vanna: NumOrNull,
  volga: NumOrNull,
  charm: NumOrNull,
});

const ExpiryHead = {
  expiry: Type.String(),
  expiryTs: Type.Integer(),
  kind: Type.String({ description: 'daily, weekly or monthly' }),
  root: Type.String({ description: 'OCC root' }),
  timeToExpiry: Type.Number({ description: 'years' }),
  forward: Type.Number(),
};

const Buckets = Type.Object({ itm: Type.Number(), atm: Type.Number(), otm: Type.Number() });
const Sides = Type.Object({ calls: Buckets, puts: Buckets });
const MaxPain = Nullable(Type.Object({ strike: Type.Number(), payout: Type.Number() }));

const ExpiryAnalyticsSchema = Type.Object({
  expiry: Type.String(),
  kind: Type.String(),
  timeToExpiry: Type.Number(),
  forward: Type.Number(),
  callOpenInterest: Type.Number(),
  putOpenInterest: Type.Number(),
  callVolume: Type.Number(),
  putVolume: Type.Number(),
  pcr: Type.Object({ byOpenInterest: NumOrNull, byVolume: NumOrNull }),
  maxPain: MaxPain,
  atm: Nullable(Type.Object({ strike: Type.Number(), straddle: NumOrNull })),
  atmIv: NumOrNull,
  rr25: Nullable(Type.Number({ description: 'σ(25Δ call) − σ(25Δ put)' })),
  bf25: Nullable(Type.Number({ description: '(σ(25Δ call) + σ(25Δ put))/2 − σ(ATM)' })),
  buildUp: Type.Object({
    atmBand: Type.Object({ lower: Type.Number(), upper: Type.Number() }),
    calls: Buckets,
    puts: Buckets,
    change: Nullable(Sides),
  }),
  smile: Type.Array(
    Type.Object({
      strike: Type.Number(),
      moneyness: Type.Number({ description: 'K/F' }),
      logMoneyness: Type.Number(),
      callIv: NumOrNull,
      putIv: NumOrNull,
      iv: NumOrNull,
      delta: NumOrNull,
    }),
  ),
  totalGex: Type.Number(),
});

const GexRows = Type.Array(Type.Object({ strike: Type.Number(), gex: Type.Number() }));

const PriceInput = Type.Object(
  {
    type: OptionTypeSchema,
    spot: Type.Number({ exclusiveMinimum: 0 }),
    strike: Type.Number({ exclusiveMinimum: 0 }),
    timeToExpiry: Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'years' }),
    volatility: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    rate: Type.Number({ minimum: -1, maximum: 1 }),
    dividendYield: Type.Number({ minimum: -1, maximum: 1 }),
    model: Type.Optional(ModelSchema),
  },
  { additionalProperties: false },
);
const PriceOutput = Type.Object({
  price: Type.Number(),
  delta: Type.Number(),
  gamma: Type.Number(),
  vega: Type.Number({ description: 'per 1.00 of volatility' }),
  theta: Type.Number({ description: 'per year' }),
  thetaPerDay: Type.Number({ description: 'theta / 365' }),
  rho: Type.Number({ description: 'per 1.00 of rate' }),
  vanna: Type.Number(),
  volga: Type.Number(),
  charm: Type.Number(),
});
const IvInput = Type.Object(
  {
    type: OptionTypeSchema,
    spot: Type.Number({ exclusiveMinimum: 0 }),
    strike: Type.Number({ exclusiveMinimum: 0 }),
    timeToExpiry: Type.Number({ exclusiveMinimum: 0, maximum: 100, description: 'years' }),
    rate: Type.Number({ minimum: -1, maximum: 1 }),
    dividendYield: Type.Number({ minimum: -1, maximum: 1 }),
    price: Type.Number({ minimum: 0 }),
    model: Type.Optional(ModelSchema),
  },
  { additionalProperties: false },
);
const IvOk = Type.Object({ impliedVol: Type.Number() });
const IvFailure = Type.Object({
  error: Type.Object({
    code: Type.Literal('unprocessable'),
    reason: Type.String({ description: 'below_intrinsic, above_upper_bound or no_time_value' }),
    message: Type.String(),
  }),
});

// ---- reading the latest chain ----------------------------------------------------------------

function toMs(value: number | string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return value;
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new BadRequestError(`querystring.${field} must be epoch milliseconds or an ISO 8601 date-time`);
  return ms;
}

function assertKnown(underlying: string): void {
  if (!CATALOG.some((c) => c.symbol === underlying)) throw new NotFoundError(`unknown underlying ${underlying}`);
}

async function latest(ctx: ServiceContext<'bus' | 'store' | 'cache'>, underlying: string): Promise<Latest> {
  assertKnown(underlying);
  const found = await ctx.cache.get<Latest>(key.latest(underlying));
  if (!found) throw new NotFoundError(`no option chain for ${underlying} yet (is the feed publishing chains for it?)`);
  return found;
}

function pickExpiry(a: ChainAnalytics, expiry: string | undefined): number {
  if (a.expiries.length === 0) throw new NotFoundError(`no listed expiries for ${a.underlying}`);
  if (expiry === undefined) return 0;
  const i = a.expiries.findIndex((e) => e.expiry === expiry);
  if (i < 0) throw new NotFoundError(`${a.underlying} has no expiry ${expiry}; listed: ${a.expiries.map((e) => e.expiry).join(', ')}`);
  return i;
}

/** Every expiry's analytics, or the one asked for. */
function analyticsOf(a: ChainAnalytics, expiry: string | undefined): ChainAnalytics['analytics'] {
  return expiry === undefined ? a.analytics : [a.analytics[pickExpiry(a, expiry)]!];
}

/** The header of every answer read from the latest chain (see fromLatestChain). */
function snapshotOf(a: ChainAnalytics) {
  return { underlying: a.underlying, ts: a.ts, spot: a.spot };
}

function contractAt(e: EnrichedExpiry, type: 'call' | 'put', i: number): Static<typeof Contract> {
  const s: EnrichedSide = e[type];
  const theta = s.theta[i] ?? null;
  return {
    symbol: contractSymbol(e, type, i),
    bid: s.bid[i]!,
    ask: s.ask[i]!,
    last: s.last[i] ?? null,
    mid: (s.bid[i]! + s.ask[i]!) / 2,
    volume: s.volume[i]!,
    openInterest: s.openInterest[i]!,
    iv: s.iv[i] ?? null,
    ivError: s.ivError[i] ?? null,
    delta: s.delta[i] ?? null,
    gamma: s.gamma[i] ?? null,
    vega: s.vega[i] ?? null,
    theta,
    thetaPerDay: theta === null ? null : theta / 365,
    rho: s.rho[i] ?? null,
    vanna: s.vanna[i] ?? null,
    volga: s.volga[i] ?? null,
    charm: s.charm[i] ?? null,
  };
}

function expiryHead(e: EnrichedExpiry) {
  return { expiry: e.expiry, expiryTs: e.expiryTs, kind: e.kind, root: e.root, timeToExpiry: e.timeToExpiry, forward: e.forward };
}

// ---- the consumer ----------------------------------------------------------------------------

function assertChain(data: unknown): asserts data is OptionChainMessage {
  const c = data as Partial<OptionChainMessage> | null;
  const ok =
    c !== null &&
    typeof c === 'object' &&
    typeof c.underlying === 'string' &&
    typeof c.ts === 'number' &&
    typeof c.spot === 'number' &&
    c.spot > 0 &&
    typeof c.rate === 'number' &&
    typeof c.dividendYield === 'number' &&
    typeof c.multiplier === 'number' &&
    Array.isArray(c.expiries) &&
    c.expiries.every(
      (e) =>
        typeof e?.expiry === 'string' &&
        typeof e.root === 'string' &&
        e.timeToExpiry > 0 &&
        Array.isArray(e.strikes) &&
        ['call', 'put'].every((t) => {
          const side = e[t as 'call' | 'put'];
          return (
            side &&
            ['bid', 'ask', 'last', 'volume', 'openInterest'].every(
              (f) => Array.isArray(side[f as 'bid']) && side[f as 'bid'].length === e.strikes.length,
            )
          );
        }),
    );
  if (!ok)
    throw new PoisonMessageError(
      'not an option chain (underlying, ts, spot, rate, dividendYield, multiplier, expiries with strikes and both sides)',
    );
}

function historyRows(a: ChainAnalytics): OptionAnalyticsRecord[] {
  return a.analytics.map((x) => ({
    underlying: a.underlying,
    expiry: x.expiry,
    ts: a.ts,
    spot: a.spot,
    forward: x.forward,
    timeToExpiry: x.timeToExpiry,
    callOi: x.callOpenInterest,
    putOi: x.putOpenInterest,
    callVolume: x.callVolume,
    putVolume: x.putVolume,
    pcrOi: x.pcr.byOpenInterest,
    pcrVolume: x.pcr.byVolume,
    maxPain: x.maxPain?.strike ?? null,
    atmStrike: x.atm?.strike ?? null,
    straddle: x.atm?.straddle ?? null,
    atmIv: x.atmIv,
    rr25: x.rr25,
    bf25: x.bf25,
    gex: x.totalGex,
  }));
}

/** Analyse one chain, store its analytics as history, then make it the latest (unless a newer one is). */
export async function ingestChain(ctx: ServiceContext<'bus' | 'store' | 'cache'>, chain: OptionChainMessage): Promise<ChainAnalytics> {
  const day = Math.floor(chain.ts / DAY_MS);
  const previous = await ctx.cache.get<Latest>(key.latest(chain.underlying));
  const sameDay = previous !== undefined && previous.day === day;
  const analysis = analyseChain(chain, sameDay ? previous.dayOpen : undefined);
  await optionsRepository(ctx.store.db).saveAnalytics(historyRows(analysis));
  if (previous === undefined || previous.analysis.ts <= chain.ts) {
    const dayOpen = sameDay ? previous.dayOpen : dayOpenOf(analysis);
    await ctx.cache.setMany([
      { key: key.latest(chain.underlying), value: { analysis, day, dayOpen } satisfies Latest, ttlMs: CHAIN_TTL_MS },
      ...[...new Set(chain.expiries.map((e) => e.root))].map((root) => ({
        key: key.root(root),
        value: chain.underlying,
        ttlMs: CHAIN_TTL_MS,
      })),
    ]);
  }
  return analysis;
}

// ---- retention -------------------------------------------------------------------------------

/** Rows per DELETE when pruning: a backlog of days goes in short statements that chain ingestion and reads interleave with. */
export const PRUNE_BATCH = 5_000;

/**
 * Delete analytics history older than `before` (epoch ms), oldest first, `batch` rows at a time, until none is left
 * or `signal` aborts. Returns how many rows went.
 */
export async function pruneHistory(
  db: Store['db'],
  before: number,
  { batch = PRUNE_BATCH, signal }: { batch?: number; signal?: AbortSignal } = {},
): Promise<number> {
  const repo = optionsRepository(db);
  let total = 0;
  while (!signal?.aborted) {
    const deleted = await repo.deleteBefore(before, batch);
    total += deleted;
    if (deleted < batch) break;
  }
  return total;
}

/**
 * Keep BOURSE_OPTIONS_RETENTION_HOURS of history: the first prune runs in the background, so a large backlog does
 * not hold start-up.
 */
function startPruning({ config, store, log }: ServiceContext<'bus' | 'store' | 'cache'>): Worker {
  const { retentionHours } = config.options;
  return keepRecent(
    retentionHours,
    async (before, signal) => {
      const deleted = await pruneHistory(store.db, before, { signal });
      if (deleted > 0) log.info({ deleted, retentionHours }, 'old option analytics deleted');
    },
    (err) => log.warn({ err }, 'deleting old option analytics failed'),
  );
}

// ---- pricing ---------------------------------------------------------------------------------

const out = new Float64Array(GREEKS_STRIDE);

function price(input: Static<typeof PriceInput>): Static<typeof PriceOutput> {
  const black76 = input.model === 'black76';
  priceAndGreeksInto(
    out,
    0,
    input.type === 'call',
    input.spot,
    input.strike,
    input.timeToExpiry,
    input.volatility,
    input.rate,
    black76 ? 0 : input.dividendYield,
    black76,
  );
  return {
    price: out[0]!,
    delta: out[1]!,
    gamma: out[2]!,
    vega: out[3]!,
    theta: out[4]!,
    thetaPerDay: out[5]!,
    rho: out[6]!,
    vanna: out[7]!,
    volga: out[8]!,
    charm: out[9]!,
  };
}

function impliedVol(input: Static<typeof IvInput>): ImpliedVolResult {
  return input.model === 'black76'
    ? black76ImpliedVol(input.type, input.price, input.spot, input.strike, input.timeToExpiry, input.rate)
    : bsmImpliedVol(input.type, input.price, input.spot, input.strike, input.timeToExpiry, input.rate, input.dividendYield);
}

// ---- the service -----------------------------------------------------------------------------

export const optionsService = defineService({
  name: 'options',
  description:
    'Option chains with IV and greeks; PCR, max pain, straddle, OI build-up, smile, RR/BF, surface, GEX; pricing and implied vol',
  needs: ['bus', 'store', 'cache'],
  prefixes: ['/options'],
  async routes(app, ctx) {
    const tags = ['options'];

    app.get(
      '/options/:underlying/expiries',
      {
        schema: {
          tags,
          summary: 'Listed expiries of an underlying',
          params: Underlying,
          response: fromLatestChain({ data: Type.Array(Type.Object({ ...ExpiryHead, strikes: Type.Integer() })) }),
        },
      },
      async (request) => {
        const { analysis: a } = await latest(ctx, request.params.underlying);
        return { ...snapshotOf(a), data: a.expiries.map((e) => ({ ...expiryHead(e), strikes: e.strikes.length })) };
      },
    );

    app.get(
      '/options/:underlying/chain',
      {
        schema: {
          tags,
          summary: 'The chain of one expiry: calls and puts by strike with quotes, volume, open interest, IV and greeks',
          params: Underlying,
          querystring: Type.Object({ expiry: Type.Optional(ExpiryQuery) }),
          response: fromLatestChain({
            rate: Type.Number(),
            dividendYield: Type.Number(),
            multiplier: Type.Number(),
            ...ExpiryHead,
            data: Type.Array(Type.Object({ strike: Type.Number(), call: Contract, put: Contract })),
          }),
        },
      },
      async (request) => {
        const { analysis: a } = await latest(ctx, request.params.underlying);
        const e = a.expiries[pickExpiry(a, request.query.expiry)]!;
        return {
          ...snapshotOf(a),
          rate: a.rate,
          dividendYield: a.dividendYield,
          multiplier: a.multiplier,
          ...expiryHead(e),
          data: e.strikes.map((strike, i) => ({ strike, call: contractAt(e, 'call', i), put: contractAt(e, 'put', i) })),
        };
      },
    );

    app.get(
      '/options/contracts/:occSymbol',
      {
        schema: {
          tags,
          summary: 'One contract by OCC symbol (e.g. "SPY   261218C00600000", URL-encoded; the root padding may be left out)',
          description:
            'Strikes of 100,000 and more (BTC-USD) do not fit the 8 OCC strike digits: their symbols carry strike × 1000 in as ' +
            'many digits as it needs, with no leading zero (e.g. "BTC   261225C105000000" for the 105,000 call).',
          params: Type.Object({ occSymbol: Type.String({ minLength: 1, maxLength: 32 }) }),
          response: fromLatestChain({
            expiry: Type.String(),
            expiryTs: Type.Integer(),
            type: OptionTypeSchema,
            strike: Type.Number(),
            timeToExpiry: Type.Number(),
            contract: Contract,
          }),
        },
      },
      async (request) => {
        const parsed = parseOccSymbol(request.params.occSymbol);
        if (!parsed) {
          throw new BadRequestError(
            'params.occSymbol must be an OCC symbol: root (up to 6), yymmdd, C or P, strike × 1000 in 8 digits (9 to 12 from 100,000 on)',
          );
        }
        const underlying = await ctx.cache.get<string>(key.root(parsed.root));
        if (underlying === undefined) throw new NotFoundError(`no listed options with root ${parsed.root}`);
        const { analysis: a } = await latest(ctx, underlying);
        const e = a.expiries.find((x) => x.expiry === parsed.expiry && x.root === parsed.root);
        const i = e ? e.strikes.indexOf(parsed.strike) : -1;
        if (!e || i < 0) throw new NotFoundError(`contract ${request.params.occSymbol} is not listed`);
        return {
          ...snapshotOf(a),
          expiry: e.expiry,
          expiryTs: e.expiryTs,
          type: parsed.type,
          strike: parsed.strike,
          timeToExpiry: e.timeToExpiry,
          contract: contractAt(e, parsed.type, i),
        };
      },
    );

    app.get(
      '/options/:underlying/analytics',
      {
        schema: {
          tags,
          summary: 'PCR, max pain, ATM straddle, OI build-up, smile and 25-delta RR/BF per expiry (all, or one)',
          params: Underlying,
          querystring: Type.Object({ expiry: Type.Optional(ExpiryQuery) }),
          response: fromLatestChain({ maxPain: MaxPain, data: Type.Array(ExpiryAnalyticsSchema) }),
        },
      },
      async (request) => {
        const { analysis: a } = await latest(ctx, request.params.underlying);
        return { ...snapshotOf(a), maxPain: a.maxPainAll, data: analyticsOf(a, request.query.expiry) };
      },
    );

    app.get(
      '/options/:underlying/pcr',
      {
        schema: {
          tags,
          summary: 'Put/call ratio trend from the stored history (open interest and volume summed over expiries, or one)',
          params: Underlying,
          querystring: Type.Object({
            from: Type.Optional(Time),
            to: Type.Optional(Time),
            expiry: Type.Optional(ExpiryQuery),
            limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 500 }),
          }),
          response: {
            200: Type.Object({
              underlying: Type.String(),
              data: Type.Array(
                Type.Object({
                  ts: Type.Integer(),
                  callOi: Type.Number(),
                  putOi: Type.Number(),
                  callVolume: Type.Number(),
                  putVolume: Type.Number(),
                  pcrOi: NumOrNull,
                  pcrVolume: NumOrNull,
                }),
              ),
            }),
            400: ErrorResponse,
            404: ErrorResponse,
          },
        },
      },
      async (request) => {
        const { underlying } = request.params;
        assertKnown(underlying);
        const from = toMs(request.query.from, 'from');
        const to = toMs(request.query.to, 'to');
        if (from !== undefined && to !== undefined && from > to)
          throw new BadRequestError('querystring.from must not be after querystring.to');
        const data = await optionsRepository(ctx.store.db).pcrTrend(underlying, {
          limit: request.query.limit,
          ...(from === undefined ? {} : { from }),
          ...(to === undefined ? {} : { to }),
          ...(request.query.expiry === undefined ? {} : { expiry: request.query.expiry }),
        });
        return { underlying, data };
      },
    );

    app.get(
      '/options/:underlying/max-pain',
      {
        schema: {
          tags,
          summary: 'Max pain per expiry and over the open interest of all expiries together',
          params: Underlying,
          response: fromLatestChain({
            overall: MaxPain,
            data: Type.Array(Type.Object({ expiry: Type.String(), timeToExpiry: Type.Number(), maxPain: MaxPain })),
          }),
        },
      },
      async (request) => {
        const { analysis: a } = await latest(ctx, request.params.underlying);
        return {
          ...snapshotOf(a),
          overall: a.maxPainAll,
          data: a.analytics.map((x) => ({ expiry: x.expiry, timeToExpiry: x.timeToExpiry, maxPain: x.maxPain })),
        };
      },
    );

    app.get(
      '/options/:underlying/surface',
      {
        schema: {
          tags,
          summary: 'Implied-volatility surface on expiry × moneyness (K/F) and expiry × call delta, with the ATM term structure',
          params: Underlying,
          response: fromLatestChain({
            moneyness: Type.Array(Type.Number()),
            deltas: Type.Array(Type.Number()),
            data: Type.Array(
              Type.Object({
                expiry: Type.String(),
                timeToExpiry: Type.Number(),
                forward: Type.Number(),
                atmIv: NumOrNull,
                rr25: NumOrNull,
                bf25: NumOrNull,
                straddle: NumOrNull,
                byMoneyness: Type.Array(NumOrNull),
                byDelta: Type.Array(NumOrNull),
              }),
            ),
          }),
        },
      },
      async (request) => {
        const { analysis: a } = await latest(ctx, request.params.underlying);
        return {
          ...snapshotOf(a),
          moneyness: [...MONEYNESS_GRID],
          deltas: [...DELTA_GRID],
          data: a.analytics.map((x) => ({
            expiry: x.expiry,
            timeToExpiry: x.timeToExpiry,
            forward: x.forward,
            atmIv: x.atmIv,
            rr25: x.rr25,
            bf25: x.bf25,
            straddle: x.atm?.straddle ?? null,
            byMoneyness: x.byMoneyness,
            byDelta: x.byDelta,
          })),
        };
      },
    );

    app.get(
      '/options/:underlying/gex',
      {
        schema: {
          tags,
          summary: 'Dealer gamma exposure by strike (currency per 1% move), over all expiries or one',
          params: Underlying,
          querystring: Type.Object({ expiry: Type.Optional(ExpiryQuery) }),
          response: fromLatestChain({ total: Type.Number(), data: GexRows }),
        },
      },
      async (request) => {
        const { analysis: a } = await latest(ctx, request.params.underlying);
        const byStrike = new Map<number, number>();
        for (const x of analyticsOf(a, request.query.expiry)) {
          for (const g of x.gex) byStrike.set(g.strike, (byStrike.get(g.strike) ?? 0) + g.gex);
        }
        const data = [...byStrike.entries()].sort((p, q) => p[0] - q[0]).map(([strike, gex]) => ({ strike, gex }));
        return { ...snapshotOf(a), total: data.reduce((s, g) => s + g.gex, 0), data };
      },
    );

    app.post(
      '/options/price',
      {
        bodyLimit: 8 * 1024 * 1024,
        config: PUBLIC_ROUTE,
        schema: {
          tags,
          summary: `Price and greeks (BSM or Black-76) of one option, or of an array of up to ${MAX_BATCH} (answered as an array)`,
          body: OneOrMany(PriceInput),
          response: { 200: Type.Union([PriceOutput, Type.Array(PriceOutput)]), 400: ErrorResponse },
        },
      },
      async (request) => {
        const body = request.body;
        return Array.isArray(body) ? body.map(price) : price(body);
      },
    );

    app.post(
      '/options/implied-vol',
      {
        bodyLimit: 8 * 1024 * 1024,
        config: PUBLIC_ROUTE,
        schema: {
          tags,
          summary: `Implied volatility of one price (422 with the reason when there is none), or of an array of up to ${MAX_BATCH}`,
          description:
            'The array form answers an array in the same order: `{impliedVol}` where there is one, and ' +
            '`{error: {code: "unprocessable", reason, message}}` where there is not, so one bad price does not fail the batch.',
          body: OneOrMany(IvInput),
          response: { 200: Type.Union([IvOk, Type.Array(Type.Union([IvOk, IvFailure]))]), 400: ErrorResponse, 422: ErrorResponse },
        },
      },
      async (request) => {
        const body = request.body;
        if (!Array.isArray(body)) {
          const r = impliedVol(body);
          if (!r.ok) throw new BourseError('unprocessable', `${r.reason}: ${REASONS[r.reason]}`, { details: { reason: r.reason } });
          return { impliedVol: r.volatility };
        }
        return body.map((input) => {
          const r = impliedVol(input);
          return r.ok
            ? { impliedVol: r.volatility }
            : { error: { code: 'unprocessable' as const, reason: r.reason, message: REASONS[r.reason] } };
        });
      },
    );
  },

  async start(ctx) {
    const consumer = await ctx.bus.consume(subjects.chainsAll, { durable: 'options', concurrency: 1 }, async (msg) => {
      if (msg.envelope.type !== 'option.chain') throw new PoisonMessageError(`unexpected envelope type ${msg.envelope.type}`);
      const chain = msg.envelope.data;
      assertChain(chain);
      await ingestChain(ctx, chain);
    });
    const pruning = startPruning(ctx);
    ctx.log.info({ retentionHours: ctx.config.options.retentionHours }, 'options analytics consuming md.chain.>');
    return {
      async stop() {
        await pruning.stop();
        await consumer.stop();
      },
    };
  },
});

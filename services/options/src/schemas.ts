import { SYMBOL_PATTERN } from '@bourse/core';
import { ErrorResponse } from '@bourse/kit';
import Type, { type Static, type TProperties, type TSchema } from 'typebox';

/** The HTTP schemas of the options routes: they are the runtime validators of requests and the shape of answers. */

/** Most inputs one pricing or implied-vol request may carry. */
export const MAX_BATCH = 10_000;

const Nullable = (t: TSchema) => Type.Union([t, Type.Null()]);
export const NumOrNull = Nullable(Type.Number());
export const Underlying = Type.Object({ underlying: Type.String({ pattern: SYMBOL_PATTERN, description: 'e.g. SPX, NIFTY, BTC-USD' }) });
export const ExpiryQuery = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD; default the nearest expiry' });
export const OptionTypeSchema = Type.Union([Type.Literal('call'), Type.Literal('put')]);
const ModelSchema = Type.Union([Type.Literal('bsm'), Type.Literal('black76')], {
  description: 'bsm (default): spot with dividend yield; black76: `spot` is the forward/futures price',
});

/** One input, or an array of 1 to MAX_BATCH of them. if/then/else (not anyOf) so a bad field is named in the 400. */
export function OneOrMany<T extends TSchema>(item: T) {
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
export function fromLatestChain<T extends TProperties>(fields: T) {
  return { 200: Type.Object({ ...Snapshot, ...fields }), 400: ErrorResponse, 404: ErrorResponse };
}

export const Contract = Type.Object({
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

export const ExpiryHead = {
  expiry: Type.String(),
  expiryTs: Type.Integer(),
  kind: Type.String({ description: 'daily, weekly or monthly' }),
  root: Type.String({ description: 'OCC root' }),
  timeToExpiry: Type.Number({ description: 'years' }),
  forward: Type.Number(),
};

const Buckets = Type.Object({ itm: Type.Number(), atm: Type.Number(), otm: Type.Number() });
const Sides = Type.Object({ calls: Buckets, puts: Buckets });
export const MaxPain = Nullable(Type.Object({ strike: Type.Number(), payout: Type.Number() }));

export const ExpiryAnalyticsSchema = Type.Object({
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

export const GexRows = Type.Array(Type.Object({ strike: Type.Number(), gex: Type.Number() }));

export const PriceInput = Type.Object(
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
export const PriceOutput = Type.Object({
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
export const IvInput = Type.Object(
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
export const IvOk = Type.Object({ impliedVol: Type.Number() });
export const IvFailure = Type.Object({
  error: Type.Object({
    code: Type.Literal('unprocessable'),
    reason: Type.String({ description: 'below_intrinsic, above_upper_bound or no_time_value' }),
    message: Type.String(),
  }),
});

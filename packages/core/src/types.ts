import Type, { type Static } from 'typebox';

/** Asset classes Bourse knows. Options are instruments too, registered by the options service. */
export const AssetClass = Type.Union([
  Type.Literal('equity'),
  Type.Literal('etf'),
  Type.Literal('index'),
  Type.Literal('crypto'),
  Type.Literal('fx'),
  Type.Literal('option'),
]);
export type AssetClass = Static<typeof AssetClass>;

/** Symbols are upper-case letters, digits and the separators `.`, `-`, `_`, `=`, `^`, up to 32 characters. */
export const SYMBOL_PATTERN = '^[A-Z0-9][A-Z0-9._=^-]{0,31}$';
export const SymbolSchema = Type.String({ pattern: SYMBOL_PATTERN, description: 'Instrument symbol, e.g. AAPL, BTC-USD, EURUSD' });

/** The latest instant a JavaScript Date can hold: 8.64e15 ms, 100 million days after the epoch. */
export const MAX_EPOCH_MS = 8_640_000_000_000_000;
/**
 * An instant as UTC epoch milliseconds, from the epoch to the last one a Date can hold. A number
 * outside that range (a timestamp in microseconds, a negative offset) is garbage, not a time.
 */
export const EpochMs = Type.Integer({ minimum: 0, maximum: MAX_EPOCH_MS, description: 'UTC epoch milliseconds' });

export const Exchange = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 16, pattern: '^[A-Z0-9_]+$' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  country: Type.String({ minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2' }),
  timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone' }),
  currency: Type.String({ minLength: 3, maxLength: 3 }),
});
export type Exchange = Static<typeof Exchange>;

export const Instrument = Type.Object({
  symbol: SymbolSchema,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  exchange: Type.String({ minLength: 1, maxLength: 16 }),
  assetClass: AssetClass,
  currency: Type.String({ minLength: 3, maxLength: 3 }),
  tickSize: Type.Number({ exclusiveMinimum: 0 }),
  lotSize: Type.Number({ exclusiveMinimum: 0 }),
  streamable: Type.Boolean(),
});
export type Instrument = Static<typeof Instrument>;

/** What an instrument registered without them gets (POST /symbols, a job's registration from its provider). */
export const INSTRUMENT_DEFAULTS = { tickSize: 0.01, lotSize: 1, streamable: false } as const;

/**
 * The bounds of a tick, what every path of the store holds exactly; a tick outside them is garbage
 * (a time in seconds or microseconds, a counter that wrapped, a price in the wrong unit) and is
 * dead-lettered at the edge instead of failing inside the database with its neighbours.
 *
 * Time: from 2000-01-01 (before any tick a provider serves, and well after a time in seconds read as
 * milliseconds, which lands in January 1970) to the end of 2199. PostgreSQL keeps a timestamptz as
 * int64 microseconds, and both ingest paths reach them from epoch milliseconds through float8: exact
 * through year 4200, microseconds off from about 4300 on (measured on both paths: the stored tick no
 * longer matches its own time). 2200 stays far inside that, and a trade is not two centuries ahead of
 * its clock; the API may accept later times in queries.
 */
export const TICK_TS_MIN = Date.UTC(2000, 0, 1);
export const TICK_TS_MAX = Date.UTC(2200, 0, 1) - 1;
/** Sequence numbers are int8 in the store and must stay exact in a JavaScript number. */
export const TICK_SEQ_MAX = Number.MAX_SAFE_INTEGER;
/**
 * Prices and sizes are float8; a bar sums size and price × size over its ticks, so each is bounded
 * for those sums to stay finite (1e12 × 1e15 per tick leaves 10^280 of headroom): no instrument trades
 * above a trillion per unit, or more than 10^15 units in one print.
 */
export const TICK_PRICE_MAX = 1e12;
export const TICK_SIZE_MAX = 1e15;

/**
 * A trade print with the quote prevailing when it happened.
 * `seq` increases by one per symbol at the source; (symbol, ts, seq) is the idempotency key.
 */
export const TickTs = Type.Integer({
  minimum: TICK_TS_MIN,
  maximum: TICK_TS_MAX,
  description: 'UTC epoch milliseconds, years 2000 to 2199',
});
export const TickSeq = Type.Integer({ minimum: 0, maximum: TICK_SEQ_MAX });
export const TickPrice = Type.Number({ exclusiveMinimum: 0, maximum: TICK_PRICE_MAX });
export const TickSize = Type.Number({ minimum: 0, maximum: TICK_SIZE_MAX });
export const Tick = Type.Object({
  symbol: SymbolSchema,
  ts: TickTs,
  seq: TickSeq,
  price: TickPrice,
  size: TickSize,
  bid: TickPrice,
  ask: TickPrice,
});
export type Tick = Static<typeof Tick>;

export const INTERVALS = ['1m', '5m', '15m', '1h', '1d'] as const;
export const Interval = Type.Enum(INTERVALS);
export type Interval = (typeof INTERVALS)[number];

/** The quote of a symbol as market-data serves it: the last trade, the prevailing bid and ask, and the day so far. */
export const Quote = Type.Object({
  symbol: SymbolSchema,
  ts: EpochMs,
  last: Type.Number(),
  bid: Type.Number(),
  ask: Type.Number(),
  open: Type.Union([Type.Number(), Type.Null()]),
  high: Type.Union([Type.Number(), Type.Null()]),
  low: Type.Union([Type.Number(), Type.Null()]),
  prevClose: Type.Union([Type.Number(), Type.Null()]),
  change: Type.Union([Type.Number(), Type.Null()]),
  changePct: Type.Union([Type.Number(), Type.Null()]),
  volume: Type.Number(),
});
export type Quote = Static<typeof Quote>;

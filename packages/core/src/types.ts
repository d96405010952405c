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
 * A trade print with the quote prevailing when it happened.
 * `seq` increases by one per symbol at the source; (symbol, ts, seq) is the idempotency key.
 */
export const Tick = Type.Object({
  symbol: SymbolSchema,
  ts: EpochMs,
  seq: Type.Integer({ minimum: 0 }),
  price: Type.Number({ exclusiveMinimum: 0 }),
  size: Type.Number({ minimum: 0 }),
  bid: Type.Number({ exclusiveMinimum: 0 }),
  ask: Type.Number({ exclusiveMinimum: 0 }),
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

import Type from 'typebox';

const Text = Type.String({ pattern: '^-?\\d+(\\.\\d+)?$' });

/** GET /api/v3/klines: [open time, open, high, low, close, volume, close time, quote volume, trades, taker base, taker quote, ignore]. */
export const Klines = Type.Array(
  Type.Tuple([Type.Integer(), Text, Text, Text, Text, Text, Type.Integer(), Text, Type.Integer(), Text, Text, Type.String()]),
);

/** GET /api/v3/historicalTrades. */
export const Trades = Type.Array(
  Type.Object({ id: Type.Integer(), price: Text, qty: Text, quoteQty: Text, time: Type.Integer(), isBuyerMaker: Type.Boolean() }),
);

/** GET /api/v3/ticker/24hr?symbol=... */
export const Ticker24h = Type.Object({ symbol: Type.String(), lastPrice: Text, bidPrice: Text, askPrice: Text, closeTime: Type.Integer() });

/** A `<symbol>@trade` stream event. */
export const TradeEvent = Type.Object({
  e: Type.Literal('trade'),
  E: Type.Integer(),
  s: Type.String(),
  t: Type.Integer(),
  p: Text,
  q: Text,
  T: Type.Integer(),
  m: Type.Boolean(),
});

/** A `<symbol>@bookTicker` stream event (best bid and ask). */
export const BookTickerEvent = Type.Object({ u: Type.Integer(), s: Type.String(), b: Text, B: Text, a: Text, A: Text });

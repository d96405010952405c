import Type, { type Static } from 'typebox';
import { PoisonMessageError } from '../errors.ts';
import { type PayloadReader, payloadReader } from '../payload.ts';
import { SymbolSchema } from '../types.ts';

/**
 * Option chains on the bus (`md.chain.<underlying>`, envelope type `option.chain`, version 1): every
 * listed expiry of one underlying at one instant. The feed writes them; the options service reads them,
 * the stream relays them. Numbers are finite (TypeBox refuses NaN and Infinity).
 */
export const OPTION_CHAIN = 'option.chain';

/** Epoch milliseconds that a Date can hold. */
const EpochMs = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 });

export const ExpiryKind = Type.Union([Type.Literal('daily'), Type.Literal('weekly'), Type.Literal('monthly')]);
export type ExpiryKind = Static<typeof ExpiryKind>;

/** One side (calls or puts) of one expiry, as parallel arrays indexed like `strikes`. */
export const ChainSide = Type.Object({
  bid: Type.Array(Type.Number({ minimum: 0 })),
  ask: Type.Array(Type.Number({ minimum: 0 })),
  last: Type.Array(Type.Union([Type.Number({ minimum: 0 }), Type.Null()]), {
    description: 'last trade price today; null before the first trade',
  }),
  mark: Type.Array(Type.Number(), {
    description: "the feed's theoretical value (the surface vol priced by Black-Scholes-Merton), unrounded",
  }),
  volume: Type.Array(Type.Number({ minimum: 0 }), { description: 'contracts traded today' }),
  openInterest: Type.Array(Type.Number({ minimum: 0 })),
});
export type ChainSide = Static<typeof ChainSide>;

/** The generating SVI slice, raw parameters over log-moneyness ln(K/F) (total variance). */
export const ChainSvi = Type.Object({
  a: Type.Number(),
  b: Type.Number(),
  rho: Type.Number(),
  m: Type.Number(),
  sigma: Type.Number(),
});
export type ChainSvi = Static<typeof ChainSvi>;

export const ChainExpiry = Type.Object({
  expiry: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: "expiry date, YYYY-MM-DD (the exchange's calendar date)" }),
  expiryTs: Type.Integer({ ...EpochMs, description: 'expiry instant, UTC epoch ms' }),
  kind: ExpiryKind,
  root: Type.String({ pattern: '^[A-Z0-9]{1,6}$', description: "OCC root of this expiry's contracts (SPX monthlies, SPXW weeklies)" }),
  timeToExpiry: Type.Number({ exclusiveMinimum: 0, description: "years from the chain's ts to expiry (365.25-day years)" }),
  forward: Type.Number({ exclusiveMinimum: 0 }),
  svi: ChainSvi,
  strikes: Type.Array(Type.Number({ exclusiveMinimum: 0 }), { description: 'ascending' }),
  call: ChainSide,
  put: ChainSide,
});
export type ChainExpiry = Static<typeof ChainExpiry>;

/** The `data` of an `option.chain` envelope. */
export const OptionChainMessage = Type.Object({
  underlying: SymbolSchema,
  ts: Type.Integer({ ...EpochMs, description: 'chain time, UTC epoch ms' }),
  spot: Type.Number({ exclusiveMinimum: 0 }),
  rate: Type.Number({ description: 'continuously compounded risk-free rate' }),
  dividendYield: Type.Number({ description: 'continuous dividend yield (or carry)' }),
  multiplier: Type.Number({ exclusiveMinimum: 0, description: 'units of the underlying per contract' }),
  currency: Type.String({ minLength: 1 }),
  expiries: Type.Array(ChainExpiry),
});
export type OptionChainMessage = Static<typeof OptionChainMessage>;

const SIDE_FIELDS = ['bid', 'ask', 'last', 'mark', 'volume', 'openInterest'] as const;

/**
 * What JSON Schema cannot say about a chain that matches the schema: every side's arrays run parallel to the
 * strikes, and the strikes ascend strictly (the analytics interpolate along them, and a repeated strike would
 * give two contracts one OCC symbol). Undefined when the chain is sound, else the reason with its path.
 */
export function chainShapeError(chain: OptionChainMessage): string | undefined {
  for (const [i, e] of chain.expiries.entries()) {
    const n = e.strikes.length;
    for (let k = 1; k < n; k++) {
      if (!(e.strikes[k]! > e.strikes[k - 1]!)) return `/expiries/${i}/strikes/${k} must be greater than the strike before it`;
    }
    for (const type of ['call', 'put'] as const) {
      for (const field of SIDE_FIELDS) {
        const length = e[type][field].length;
        if (length !== n) return `/expiries/${i}/${type}/${field} has ${length} values for ${n} strikes`;
      }
    }
  }
  return undefined;
}

/**
 * The reader of `option.chain` envelopes: the schema, then {@link chainShapeError}. What fails throws
 * PoisonMessageError whose message is the dead letter's reason (`invalid option.chain: /spot must be greater than 0`).
 * Compiles the schema: make one per consumer, not per message.
 */
export function optionChainReader(): PayloadReader<OptionChainMessage> {
  const schema = payloadReader(OPTION_CHAIN, OptionChainMessage);
  const shaped = (chain: OptionChainMessage): OptionChainMessage => {
    const reason = chainShapeError(chain);
    if (reason !== undefined) throw new PoisonMessageError(`invalid ${OPTION_CHAIN}: ${reason}`);
    return chain;
  };
  return {
    type: OPTION_CHAIN,
    read: (env) => shaped(schema.read(env)),
    readOrNone(env) {
      const chain = schema.readOrNone(env);
      return chain === undefined || chainShapeError(chain) !== undefined ? undefined : chain;
    },
    check: (value) => shaped(schema.check(value)),
  };
}

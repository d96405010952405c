import Type, { type Static } from 'typebox';
import { payloadReader } from '../payload.ts';
import { Interval, MAX_EPOCH_MS, SymbolSchema } from '../types.ts';

/** Envelope type of the indicator values on `md.ind.<interval>.<symbol>`. */
export const INDICATOR = 'indicator';

/**
 * One indicator's outputs at a bar (`{value}`, `{macd, signal, histogram}`, ...). An output the
 * indicator cannot define at this bar (a 0/0, such as a stochastic over a flat range) travels as
 * null, which is what JSON makes of NaN.
 */
const IndicatorValues = Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.Number(), Type.Null()]));

/**
 * The streaming indicators of one (symbol, interval) after a bar update, keyed by canonical label
 * (`rsi(14)`, `macd(12,26,9)`). A label whose indicator is still warming up has null. `start` and
 * `final` are those of the bar the values were computed at.
 */
export const IndicatorUpdate = Type.Object({
  symbol: SymbolSchema,
  interval: Interval,
  start: Type.Integer({ minimum: 0, maximum: MAX_EPOCH_MS, description: 'start of the bar, UTC epoch ms' }),
  final: Type.Boolean(),
  values: Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Type.Union([IndicatorValues, Type.Null()])),
});
export type IndicatorUpdate = Static<typeof IndicatorUpdate>;

/** Reads the indicator updates the indicators service publishes; live only, never stored. */
export const indicatorPayload = payloadReader(INDICATOR, IndicatorUpdate);

import Type, { type Static } from 'typebox';
import { payloadReader } from '../payload.ts';
import { Interval, MAX_EPOCH_MS, SymbolSchema } from '../types.ts';

/** Envelope type of the model signals on `ai.signal.<symbol>`. */
export const AI_SIGNAL = 'ai.signal';

/** A feature that moved the probability: its value at the bar and its contribution to the log-odds. */
export const SignalFeature = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  value: Type.Number(),
  contribution: Type.Number(),
});

/**
 * What a model says about a symbol at a bar's close: the probability that the close `horizon`
 * bars later is higher, the signal it implies (buy above 0.5 + band, sell below 0.5 - band, hold
 * between), how decisive it is (|2p - 1|), and beside it the model's out-of-sample record, so
 * that nobody reads a signal without knowing how well its model did on data it never saw.
 */
export const AiSignal = Type.Object({
  symbol: SymbolSchema,
  signal: Type.Enum(['buy', 'sell', 'hold']),
  probability: Type.Number({ minimum: 0, maximum: 1 }),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  horizon: Type.Integer({ minimum: 1, description: 'bars of `interval` ahead' }),
  interval: Interval,
  modelId: Type.String({ minLength: 1, maxLength: 64 }),
  version: Type.Integer({ minimum: 1 }),
  asOf: Type.Integer({ minimum: 0, maximum: MAX_EPOCH_MS, description: 'close of the bar scored, UTC epoch ms' }),
  topFeatures: Type.Array(SignalFeature, { maxItems: 10 }),
  oos: Type.Object(
    {
      auc: Type.Union([Type.Number(), Type.Null()]),
      n: Type.Integer({ minimum: 0 }),
      aboveChance: Type.Boolean({ description: "the lower 95% bound of the model's out-of-sample AUC is above 0.5" }),
    },
    { description: "the model's out-of-sample record (walk-forward)" },
  ),
});
export type AiSignal = Static<typeof AiSignal>;

/** Reads the signals the ai service publishes. */
export const aiSignalPayload = payloadReader(AI_SIGNAL, AiSignal);

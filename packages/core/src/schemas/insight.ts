import Type, { type Static } from 'typebox';
import { payloadReader } from '../payload.ts';
import { MAX_EPOCH_MS, SymbolSchema } from '../types.ts';

/** Envelope type of the composite scores on `insight.<symbol>`. */
export const INSIGHT = 'insight';

export const INSIGHT_COMPONENTS = ['technical', 'ai', 'sentiment', 'options'] as const;
export const INSIGHT_LABELS = ['strong sell', 'sell', 'neutral', 'buy', 'strong buy'] as const;

const Time = Type.Integer({ minimum: 0, maximum: MAX_EPOCH_MS });

/** One part of a score: its value (-1 bearish to 1 bullish, null when missing), its weight and its contribution (weight x value x 100). */
export const InsightComponent = Type.Object({
  name: Type.Enum(INSIGHT_COMPONENTS),
  value: Type.Union([Type.Number({ minimum: -1, maximum: 1 }), Type.Null()]),
  configuredWeight: Type.Number({ minimum: 0 }),
  weight: Type.Number({ minimum: 0, maximum: 1, description: 'the weight used, after the missing components’ weights were shared out' }),
  contribution: Type.Number({ minimum: -100, maximum: 100 }),
  asOf: Type.Union([Time, Type.Null()]),
  detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  missing: Type.Optional(Type.String()),
});
export type InsightComponent = Static<typeof InsightComponent>;

/** An explainable composite score of a symbol: the components' contributions add up to the score. */
export const Insight = Type.Object({
  symbol: SymbolSchema,
  asOf: Time,
  score: Type.Number({ minimum: -100, maximum: 100 }),
  label: Type.Enum(INSIGHT_LABELS),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  components: Type.Array(InsightComponent),
  notes: Type.Array(Type.String()),
});
export type Insight = Static<typeof Insight>;

/** Reads the insights the insights service publishes. */
export const insightPayload = payloadReader(INSIGHT, Insight);

import type { Interval } from './types.ts';

/**
 * Bus subjects. Dotted, keyed by symbol. Symbols may contain '.', which NATS treats as a
 * token separator, so they are escaped with `subjectToken`.
 */
export function subjectToken(symbol: string): string {
  return symbol.replaceAll('.', '_');
}

export const subjects = {
  /** batches of ticks of one symbol (envelope type `tick.batch`; see tick-batch.ts for the data) */
  tick: (symbol: string) => `md.tick.${subjectToken(symbol)}`,
  ticksAll: 'md.tick.>',
  /** partial and final bars (envelope type `bar`, data: Bar) */
  bar: (interval: Interval, symbol: string) => `md.bar.${interval}.${subjectToken(symbol)}`,
  barsAll: 'md.bar.>',
  /** indicator values as bars update (envelope type `indicator`); live only, not persisted */
  indicator: (interval: Interval, symbol: string) => `md.ind.${interval}.${subjectToken(symbol)}`,
  indicatorsAll: 'md.ind.>',
  /** option chains of one underlying, every expiry (envelope type `option.chain`, data: OptionChainMessage) */
  chain: (underlying: string) => `md.chain.${subjectToken(underlying)}`,
  chainsAll: 'md.chain.>',
  /** registry changes (envelope type `instrument.upsert`) */
  instrument: (symbol: string) => `ref.instrument.${subjectToken(symbol)}`,
  instrumentsAll: 'ref.instrument.>',
  /** a stream instance's status, for the others' status endpoints (envelope type `stream.status`); live only */
  streamStatus: (instanceId: string) => `stream.status.${subjectToken(instanceId)}`,
  streamStatusAll: 'stream.status.*',
  /** dead letters: the original subject under `dlq.` */
  deadLetter: (subject: string) => `dlq.${subject}`,
  deadLettersAll: 'dlq.>',
  /** model signals of one symbol (envelope type `ai.signal`, data: AiSignal) */
  signal: (symbol: string) => `ai.signal.${subjectToken(symbol)}`,
  signalsAll: 'ai.signal.>',
  /** composite scores of one symbol (envelope type `insight`, data: Insight) */
  insight: (symbol: string) => `insight.${subjectToken(symbol)}`,
  insightsAll: 'insight.>',
  /** log lines of a service, in batches (envelope type `log.batch`) */
  logs: (service: string) => `logs.${subjectToken(service)}`,
  logsAll: 'logs.>',
} as const;

/** JetStream streams and the subjects each one captures. */
export const STREAMS = [
  { name: 'MD_TICKS', subjects: ['md.tick.>'], maxAgeMs: 24 * 3600_000 },
  { name: 'MD_BARS', subjects: ['md.bar.>'], maxAgeMs: 24 * 3600_000 },
  { name: 'MD_CHAINS', subjects: ['md.chain.>'], maxAgeMs: 3600_000 },
  { name: 'REF', subjects: ['ref.>'], maxAgeMs: 7 * 24 * 3600_000 },
  { name: 'AI', subjects: ['ai.>'], maxAgeMs: 7 * 24 * 3600_000 },
  { name: 'INSIGHTS', subjects: ['insight.>'], maxAgeMs: 7 * 24 * 3600_000 },
  { name: 'DLQ', subjects: ['dlq.>'], maxAgeMs: 14 * 24 * 3600_000 },
  // Log lines wait here only until the logs service stores them.
  { name: 'LOGS', subjects: ['logs.>'], maxAgeMs: 3600_000 },
] as const;

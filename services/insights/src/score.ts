import { INSIGHT_COMPONENTS, type Insight, type InsightComponent } from '@bourse/core';
import { bbands, macd, rsi, sma } from '@bourse/quant/indicators';

/** The parts an insight is made of, each a value from -1 (bearish) to 1 (bullish) as of `asOf`. */
const COMPONENTS = INSIGHT_COMPONENTS;
export type ComponentName = (typeof COMPONENTS)[number];

export interface ComponentInput {
  readonly name: ComponentName;
  readonly value: number;
  /** when the information it is made of was known (UTC epoch ms) */
  readonly asOf: number;
  readonly detail?: Record<string, unknown>;
}

type Label = Insight['label'];

export type Weights = Readonly<Record<ComponentName, number>>;

/** Documented defaults: technical 0.4, AI 0.3, news sentiment 0.2, options positioning 0.1. */
export const DEFAULT_WEIGHTS: Weights = { technical: 0.4, ai: 0.3, sentiment: 0.2, options: 0.1 };

/** Score thresholds of the labels: below -60 strong sell, below -20 sell, up to 20 neutral, up to 60 buy. */
export function labelOf(score: number): Label {
  if (score <= -60) return 'strong sell';
  if (score <= -20) return 'sell';
  if (score < 20) return 'neutral';
  if (score < 60) return 'buy';
  return 'strong buy';
}

/** A component this old counts half towards the confidence (per component: a daily view ages slower than a minute's). */
const HALF_LIFE_MS: Readonly<Record<ComponentName, number>> = {
  technical: 2 * 86_400_000,
  ai: 2 * 86_400_000,
  sentiment: 86_400_000,
  options: 3_600_000,
};

/**
 * The composite score: the weighted mean of the components present, times 100. A missing
 * component's weight is shared among the present ones in proportion to their weights (and said
 * so in `notes`). Confidence = agreement x freshness: agreement is |sum w v| / sum w |v| (1 when
 * every component points the same way, 0 when they cancel), freshness the weighted mean of
 * 2^(-age / half-life).
 */
export function composite(symbol: string, now: number, inputs: readonly ComponentInput[], weights: Weights = DEFAULT_WEIGHTS): Insight {
  const byName = new Map(inputs.filter((c) => Number.isFinite(c.value)).map((c) => [c.name, c]));
  const presentWeight = COMPONENTS.reduce((s, n) => s + (byName.has(n) ? weights[n] : 0), 0);
  const notes: string[] = [];
  const missing = COMPONENTS.filter((n) => !byName.has(n) && weights[n] > 0);
  if (missing.length > 0 && presentWeight > 0) {
    notes.push(
      `${missing.join(', ')} missing: ${missing.map((n) => weights[n]).join(' + ')} of weight shared among ${COMPONENTS.filter((n) => byName.has(n)).join(', ')}`,
    );
  }
  let sum = 0;
  let abs = 0;
  let fresh = 0;
  const components = COMPONENTS.map((name): InsightComponent => {
    const c = byName.get(name);
    const configuredWeight = weights[name];
    if (!c || presentWeight === 0) {
      return { name, value: null, configuredWeight, weight: 0, contribution: 0, asOf: null, missing: c ? 'no weight' : 'no data' };
    }
    const value = Math.max(-1, Math.min(1, c.value));
    const weight = configuredWeight / presentWeight;
    sum += weight * value;
    abs += weight * Math.abs(value);
    fresh += weight * 2 ** (-Math.max(0, now - c.asOf) / HALF_LIFE_MS[name]);
    return {
      name,
      value,
      configuredWeight,
      weight,
      contribution: 100 * weight * value,
      asOf: c.asOf,
      ...(c.detail ? { detail: c.detail } : {}),
    };
  });
  const score = 100 * sum;
  const agreement = abs > 0 ? Math.abs(sum) / abs : 0;
  const asOf = Math.max(0, ...components.map((c) => c.asOf ?? 0));
  return { symbol, asOf, score, label: labelOf(score), confidence: agreement * fresh, components, notes };
}

export interface DailyBars {
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
}

/**
 * The technical component from daily bars (the last one may be the open day): the mean of three
 * votes, each from -1 to 1. Trend: the close against its 50-day SMA and the 20-day SMA against the
 * 50-day (+-0.5 each). Momentum: (RSI(14) - 50) / 50 averaged with the sign of the MACD histogram.
 * Stretch: a close beyond the Bollinger bands (20, 2) votes against the move ((0.5 - %b), clipped),
 * as mean reversion. Undefined (NaN) with fewer than 50 bars.
 */
export function technicalValue(b: DailyBars): { value: number; detail: Record<string, number> } {
  const n = b.close.length;
  if (n < 50) return { value: Number.NaN, detail: { bars: n } };
  const i = n - 1;
  const close = b.close[i]!;
  const s20 = sma(b.close, 20)[i]!;
  const s50 = sma(b.close, 50)[i]!;
  const trend = 0.5 * Math.sign(close - s50) + 0.5 * Math.sign(s20 - s50);
  const r = rsi(b.close, 14)[i]!;
  const hist = macd(b.close, 12, 26, 9).histogram[i]!;
  const momentum = ((r - 50) / 50 + Math.sign(hist)) / 2;
  const { upper, lower } = bbands(b.close, 20, 2);
  const width = upper[i]! - lower[i]!;
  const pctB = width > 0 ? (close - lower[i]!) / width : 0.5;
  const stretch = pctB > 1 || pctB < 0 ? Math.max(-1, Math.min(1, 0.5 - pctB)) : 0;
  return {
    value: (trend + momentum + stretch) / 3,
    detail: { close, sma20: s20, sma50: s50, rsi14: r, macdHistogram: hist, percentB: pctB, trend, momentum, stretch },
  };
}

/**
 * Options positioning at face value: a put/call ratio of open interest below 1 leans bullish,
 * above 1 bearish (clip((1 - PCR) / 0.5)); calls priced over puts (a positive 25-delta risk
 * reversal) bullish (clip(RR / 0.05)); the mean of the two, or the one known.
 */
export function optionsValue(pcr: number | null, rr25: number | null): number {
  const parts: number[] = [];
  if (pcr !== null && Number.isFinite(pcr)) parts.push(Math.max(-1, Math.min(1, (1 - pcr) / 0.5)));
  if (rr25 !== null && Number.isFinite(rr25)) parts.push(Math.max(-1, Math.min(1, rr25 / 0.05)));
  return parts.length === 0 ? Number.NaN : parts.reduce((a, b) => a + b, 0) / parts.length;
}

/**
 * Price and volume adjustment for corporate actions, computed from the events (never from a
 * provider's adjusted field), the CRSP / Yahoo convention. A bar dated d (its exchange-local date)
 * is adjusted by every event whose ex-date is after d:
 *
 *   split (ratio r new shares per old, 4 for a 4-for-1):   price ÷ r,  volume × r
 *   cash dividend D per share, ex-date E:                   price × (1 − D / C),  C = the unadjusted
 *                                                            close of the last bar before E
 *
 *   adjusted price(d)  = price(d)  × Π_{splits, E > d} 1/r × Π_{dividends, E > d} (1 − D/C)   (total)
 *   adjusted volume(d) = volume(d) × Π_{splits, E > d} r
 *
 * `split` applies the split factors only; `total` also the dividend factors, so that the adjusted
 * series' returns are total returns (a dividend reinvested on its ex-date). A dividend's factor uses
 * D and C as they were paid and quoted (both before any later split), so it does not depend on splits.
 */

export type AdjustMode = 'none' | 'split' | 'total';

export interface SplitEvent {
  readonly kind: 'split';
  /** YYYY-MM-DD */
  readonly exDate: string;
  readonly ratio: number;
}

export interface DividendEvent {
  readonly kind: 'dividend';
  /** YYYY-MM-DD */
  readonly exDate: string;
  readonly amount: number;
  /** the unadjusted close of the last trading day before the ex-date; undefined when unknown */
  readonly closeBefore: number | undefined;
}

export type AdjustmentEvent = SplitEvent | DividendEvent;

export interface Factors {
  /** multiply each bar's prices by this */
  readonly price: Float64Array;
  /** multiply each bar's volume by this */
  readonly volume: Float64Array;
}

/**
 * The dividend factor 1 − D/C, or 1 when it cannot be computed (no close before the ex-date, or a
 * dividend not below the close, which no real cash dividend is: such an event is left out rather than
 * turning prices negative).
 */
export function dividendFactor(amount: number, closeBefore: number | undefined): number {
  if (closeBefore === undefined || !(closeBefore > 0) || !(amount >= 0) || amount >= closeBefore) return 1;
  return 1 - amount / closeBefore;
}

/** The factors of bars dated `dates` (YYYY-MM-DD, ascending) under `mode`. */
export function adjustmentFactors(dates: readonly string[], events: readonly AdjustmentEvent[], mode: AdjustMode): Factors {
  const price = new Float64Array(dates.length).fill(1);
  const volume = new Float64Array(dates.length).fill(1);
  if (mode === 'none' || dates.length === 0) return { price, volume };
  const later = [...events].sort((a, b) => (a.exDate < b.exDate ? 1 : a.exDate > b.exDate ? -1 : 0));
  let p = 1;
  let v = 1;
  let next = 0;
  // Walk back from the newest bar, taking in each event once the bars are before its ex-date.
  for (let i = dates.length - 1; i >= 0; i--) {
    const date = dates[i]!;
    while (next < later.length && later[next]!.exDate > date) {
      const e = later[next++]!;
      if (e.kind === 'split') {
        if (e.ratio > 0 && Number.isFinite(e.ratio)) {
          p /= e.ratio;
          v *= e.ratio;
        }
      } else if (mode === 'total') p *= dividendFactor(e.amount, e.closeBefore);
    }
    price[i] = p;
    volume[i] = v;
  }
  return { price, volume };
}

export interface OhlcvLike {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
  readonly vwap?: number;
}

/** Bars with their prices and volumes adjusted (new objects; other fields kept). */
export function adjustBars<T extends OhlcvLike>(
  bars: readonly T[],
  dates: readonly string[],
  events: readonly AdjustmentEvent[],
  mode: AdjustMode,
): T[] {
  if (mode === 'none') return [...bars];
  const { price, volume } = adjustmentFactors(dates, events, mode);
  return bars.map((b, i) => {
    const f = price[i]!;
    return {
      ...b,
      open: b.open * f,
      high: b.high * f,
      low: b.low * f,
      close: b.close * f,
      volume: b.volume * volume[i]!,
      ...(b.vwap === undefined ? {} : { vwap: b.vwap * f }),
    };
  });
}

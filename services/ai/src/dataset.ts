import { createHash } from 'node:crypto';
import { type Bar, INTERVAL_MS, type Interval } from '@bourse/core';
import { computeFeatures, featuresLookback, forwardLabels } from '@bourse/quant/ml';
import type { Store } from '@bourse/store';

/** The most bars of one symbol a model trains on or scores from. */
export const MAX_BARS = 20_000;

/** One labelled row: a symbol's features at a bar's close, and when the label became known. */
export interface Sample {
  readonly symbol: string;
  /** the close of the bar the features are taken at, UTC epoch ms */
  readonly time: number;
  /** the close of the bar the label looks at (time + horizon bars): training rows must end before a test window */
  readonly labelTime: number;
  readonly row: Float64Array;
  readonly label: number;
}

export interface Dataset {
  readonly samples: Sample[];
  readonly symbols: string[];
  /** SHA-256 of every bar used (symbol, start, OHLCV), in order */
  readonly hash: string;
  readonly bars: number;
}

/** Final bars of a symbol, oldest first (the open bar is not known yet and never enters a model). */
export async function finalBars(
  store: Pick<Store, 'bars'>,
  symbol: string,
  interval: Interval,
  range: { from?: number; to?: number } = {},
): Promise<Bar[]> {
  const bars = await store.bars.range(symbol, interval, {
    ...(range.from === undefined ? {} : { from: range.from }),
    ...(range.to === undefined ? {} : { to: range.to }),
    limit: MAX_BARS,
  });
  return bars.filter((b) => b.final);
}

export function columns(bars: readonly Bar[]) {
  return {
    open: Float64Array.from(bars, (b) => b.open),
    high: Float64Array.from(bars, (b) => b.high),
    low: Float64Array.from(bars, (b) => b.low),
    close: Float64Array.from(bars, (b) => b.close),
    volume: Float64Array.from(bars, (b) => b.volume),
  };
}

/**
 * The labelled rows of a universe: per symbol, the features at each final bar's close and the
 * label of the forward return over `horizon` bars. Rows whose features are still warming up, or
 * whose label is not known yet (the last `horizon` bars) or falls in the dead band, are left out.
 */
export async function buildDataset(
  store: Pick<Store, 'bars'>,
  o: {
    symbols: readonly string[];
    interval: Interval;
    features: readonly string[];
    horizon: number;
    deadBand: number;
    from?: number;
    to?: number;
  },
  onSymbol?: (done: number, total: number) => Promise<void> | void,
): Promise<Dataset> {
  const width = INTERVAL_MS[o.interval];
  const hash = createHash('sha256');
  const samples: Sample[] = [];
  const used: string[] = [];
  let barCount = 0;
  const first = featuresLookback(o.features);
  for (const [k, symbol] of o.symbols.entries()) {
    const bars = await finalBars(store, symbol, o.interval, o);
    await onSymbol?.(k + 1, o.symbols.length);
    if (bars.length <= first + o.horizon) continue;
    used.push(symbol);
    barCount += bars.length;
    for (const b of bars) hash.update(`${symbol},${b.start},${b.open},${b.high},${b.low},${b.close},${b.volume}\n`);
    const c = columns(bars);
    const feats = computeFeatures(c, o.features);
    const labels = forwardLabels(c.close, o.horizon, o.deadBand);
    for (let i = first; i + o.horizon < bars.length; i++) {
      const label = labels[i]!;
      if (Number.isNaN(label)) continue;
      const row = Float64Array.from(feats, (f) => f[i]!);
      if (!row.every(Number.isFinite)) continue;
      samples.push({ symbol, time: bars[i]!.start + width, labelTime: bars[i + o.horizon]!.start + width, row, label });
    }
  }
  samples.sort((a, b) => a.time - b.time || (a.symbol < b.symbol ? -1 : 1));
  return { samples, symbols: used, hash: hash.digest('hex'), bars: barCount };
}

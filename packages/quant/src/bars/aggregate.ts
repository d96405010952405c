import { type Bar, bucketStart, INTERVAL_MS, type Interval, type Tick } from '@bourse/core';

/**
 * A bar as an aggregate that can be merged: open and close remember which tick
 * set them, by (ts, seq), so that merging partial aggregates in any order gives
 * the bar a single pass over all the ticks would give. `pv` is sum(price * size).
 *
 * Interpretation: the open is the first trade of the interval and the close the
 * last, by time and then by sequence number; high, low, volume and trade count
 * do not depend on order. VWAP is pv / volume, or the close when nothing traded
 * (index levels carry no volume).
 */
export interface BarAggregate {
  symbol: string;
  interval: Interval;
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
  pv: number;
  openTs: number;
  openSeq: number;
  closeTs: number;
  closeSeq: number;
}

function before(ts1: number, seq1: number, ts2: number, seq2: number): boolean {
  return ts1 < ts2 || (ts1 === ts2 && seq1 < seq2);
}

/** Fold one tick into an aggregate (mutates and returns it). */
export function addTick(agg: BarAggregate, t: Tick): BarAggregate {
  if (before(t.ts, t.seq, agg.openTs, agg.openSeq)) {
    agg.open = t.price;
    agg.openTs = t.ts;
    agg.openSeq = t.seq;
  }
  if (!before(t.ts, t.seq, agg.closeTs, agg.closeSeq)) {
    agg.close = t.price;
    agg.closeTs = t.ts;
    agg.closeSeq = t.seq;
  }
  if (t.price > agg.high) agg.high = t.price;
  if (t.price < agg.low) agg.low = t.price;
  agg.volume += t.size;
  agg.trades += 1;
  agg.pv += t.price * t.size;
  return agg;
}

/** The aggregate of one tick; `start` is its bucket's, when the caller has it already. */
export function fromTick(t: Tick, interval: Interval, start = bucketStart(t.ts, interval)): BarAggregate {
  return {
    symbol: t.symbol,
    interval,
    start,
    open: t.price,
    high: t.price,
    low: t.price,
    close: t.price,
    volume: t.size,
    trades: 1,
    pv: t.price * t.size,
    openTs: t.ts,
    openSeq: t.seq,
    closeTs: t.ts,
    closeSeq: t.seq,
  };
}

/** Merge two aggregates of the same (symbol, interval, start). Commutative and associative. */
export function mergeAggregates(a: BarAggregate, b: BarAggregate): BarAggregate {
  const openFromB = before(b.openTs, b.openSeq, a.openTs, a.openSeq);
  const closeFromB = before(a.closeTs, a.closeSeq, b.closeTs, b.closeSeq);
  return {
    symbol: a.symbol,
    interval: a.interval,
    start: a.start,
    open: openFromB ? b.open : a.open,
    openTs: openFromB ? b.openTs : a.openTs,
    openSeq: openFromB ? b.openSeq : a.openSeq,
    close: closeFromB ? b.close : a.close,
    closeTs: closeFromB ? b.closeTs : a.closeTs,
    closeSeq: closeFromB ? b.closeSeq : a.closeSeq,
    high: Math.max(a.high, b.high),
    low: Math.min(a.low, b.low),
    volume: a.volume + b.volume,
    trades: a.trades + b.trades,
    pv: a.pv + b.pv,
  };
}

export function aggregateKey(symbol: string, interval: Interval, start: number): string {
  return `${symbol}|${interval}|${start}`;
}

/**
 * The order a bar's ticks are folded in: by symbol (code-unit order, as SQL's
 * `collate "C"`), then by time, then by sequence number.
 */
function bySymbolTsSeq(a: Tick, b: Tick): number {
  return a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : a.ts - b.ts || a.seq - b.seq;
}

function isSorted(ticks: readonly Tick[]): boolean {
  for (let i = 1; i < ticks.length; i++) if (bySymbolTsSeq(ticks[i - 1]!, ticks[i]!) > 0) return false;
  return true;
}

/**
 * One BarAggregate per (symbol, interval, bucket) of ticks already sorted by
 * (symbol, ts, seq), ordered by interval (as given), symbol and start. In that
 * order a bucket's ticks are one run, its open the run's first tick and its
 * close the last, so one linear pass per interval does it, with no keys to
 * build. Of two ticks with the same (symbol, ts, seq) the first opens and the
 * last closes, as `addTick` would have it.
 */
export function aggregateSorted(ticks: readonly Tick[], intervals: readonly Interval[]): BarAggregate[] {
  const out: BarAggregate[] = [];
  for (const interval of intervals) {
    const width = INTERVAL_MS[interval];
    let cur: BarAggregate | undefined;
    for (const t of ticks) {
      const start = t.ts - (((t.ts % width) + width) % width);
      if (cur && cur.start === start && cur.symbol === t.symbol) {
        cur.close = t.price;
        cur.closeTs = t.ts;
        cur.closeSeq = t.seq;
        if (t.price > cur.high) cur.high = t.price;
        if (t.price < cur.low) cur.low = t.price;
        cur.volume += t.size;
        cur.trades += 1;
        cur.pv += t.price * t.size;
      } else {
        cur = fromTick(t, interval, start);
        out.push(cur);
      }
    }
  }
  return out;
}

/**
 * One BarAggregate per (symbol, interval, bucket) of ticks in any order: the
 * ticks sorted by (symbol, ts, seq) (a stable sort, skipped when they already
 * are) and aggregated by `aggregateSorted`.
 */
export function aggregateTicks(ticks: Iterable<Tick>, intervals: readonly Interval[]): BarAggregate[] {
  const list = Array.isArray(ticks) ? (ticks as readonly Tick[]) : [...ticks];
  return aggregateSorted(isSorted(list) ? list : [...list].sort(bySymbolTsSeq), intervals);
}

export function vwapOf(agg: Pick<BarAggregate, 'pv' | 'volume' | 'close'>): number {
  return agg.volume > 0 ? agg.pv / agg.volume : agg.close;
}

/** The public Bar of an aggregate. */
export function toBar(agg: BarAggregate, final: boolean): Bar {
  return {
    symbol: agg.symbol,
    interval: agg.interval,
    start: agg.start,
    open: agg.open,
    high: agg.high,
    low: agg.low,
    close: agg.close,
    volume: agg.volume,
    trades: agg.trades,
    vwap: vwapOf(agg),
    final,
  };
}

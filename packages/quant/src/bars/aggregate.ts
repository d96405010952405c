import { bucketStart, type Bar, type Interval, type Tick } from '@bourse/core';

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

export function fromTick(t: Tick, interval: Interval): BarAggregate {
  return {
    symbol: t.symbol,
    interval,
    start: bucketStart(t.ts, interval),
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

/** Aggregate ticks into one BarAggregate per (symbol, interval, bucket), in first-seen order. */
export function aggregateTicks(ticks: Iterable<Tick>, intervals: readonly Interval[]): BarAggregate[] {
  const out = new Map<string, BarAggregate>();
  for (const t of ticks) {
    for (const interval of intervals) {
      const key = aggregateKey(t.symbol, interval, bucketStart(t.ts, interval));
      const agg = out.get(key);
      if (agg) addTick(agg, t);
      else out.set(key, fromTick(t, interval));
    }
  }
  return [...out.values()];
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

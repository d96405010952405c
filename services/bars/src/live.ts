import { type Bar, INTERVAL_MS, INTERVALS, type Interval, type Tick } from '@bourse/core';
import { bars as barMath } from '@bourse/quant';

export type Aggregate = barMath.BarAggregate;

/**
 * The open bar of every (symbol, interval), updated from the tick stream: what the bars
 * service publishes as partial bars while the interval runs.
 */
export class LiveBars {
  private readonly open = new Map<string, Aggregate>();
  private readonly dirty = new Set<string>();
  constructor(readonly intervals: readonly Interval[] = INTERVALS) {}

  add(ticks: readonly Tick[]): void {
    for (const t of ticks) {
      for (const interval of this.intervals) {
        const start = t.ts - (t.ts % INTERVAL_MS[interval]);
        const key = barMath.aggregateKey(t.symbol, interval, start);
        const agg = this.open.get(key);
        if (agg) barMath.addTick(agg, t);
        else this.open.set(key, barMath.fromTick(t, interval));
        this.dirty.add(key);
      }
    }
  }

  /** Open bars changed since the last call; those `ready` refuses stay changed for a later call. */
  takeChanged(ready: (agg: Aggregate) => boolean = () => true): Bar[] {
    const out: Bar[] = [];
    for (const key of this.dirty) {
      const agg = this.open.get(key);
      if (agg && !ready(agg)) continue;
      if (agg) out.push(barMath.toBar(agg, false));
      this.dirty.delete(key);
    }
    return out;
  }

  /** Remove and return the bars whose interval ended at or before `now`. */
  takeEnded(now: number): Aggregate[] {
    const out: Aggregate[] = [];
    for (const [key, agg] of this.open) {
      if (agg.start + INTERVAL_MS[agg.interval] <= now) {
        out.push(agg);
        this.open.delete(key);
        this.dirty.delete(key);
      }
    }
    return out;
  }

  get size(): number {
    return this.open.size;
  }
}

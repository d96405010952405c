import { BAR, type Bar, envelope, INTERVAL_MS, INTERVALS, type Interval, subjects, type Tick, ticksOrNone } from '@bourse/core';
import { defineService, type ServiceContext, type Worker } from '@bourse/kit';
import { bars as barMath } from '@bourse/quant';

type Aggregate = barMath.BarAggregate;

export interface LiveBarsOptions {
  /** How often changed open bars are published. */
  readonly publishEveryMs: number;
  /** How long after an interval ends its final bar is read from the store and published (covers ingest's batching delay). */
  readonly finalizeAfterMs: number;
}

/**
 * Live bars: the open bar of every (symbol, interval), updated from the tick stream and
 * published on md.bar.<interval>.<symbol> as it changes; when the interval has ended,
 * the final bar is read back from the store, where ingest keeps bars exactly (each
 * stored tick counted once), and published with `final: true`.
 */
export class LiveBars {
  private readonly open = new Map<string, Aggregate>();
  private readonly dirty = new Set<string>();
  constructor(private readonly intervals: readonly Interval[] = INTERVALS) {}

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

  /** Open bars changed since the last call. */
  takeChanged(): Bar[] {
    const out: Bar[] = [];
    for (const key of this.dirty) {
      const agg = this.open.get(key);
      if (agg) out.push(barMath.toBar(agg, false));
    }
    this.dirty.clear();
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

export async function startLiveBars(ctx: ServiceContext<'bus' | 'store'>, options: LiveBarsOptions): Promise<Worker> {
  const { bus, store, log, metrics, config } = ctx;
  const published = metrics.counter('bars_published_total', 'Bars published', ['kind']);
  const openGauge = metrics.gauge('bars_open', 'Open bars held in memory');
  const source = `bars@${config.instanceId}`;
  const live = new LiveBars();
  const waiting: Aggregate[] = [];

  const ticks = bus.subscribe(subjects.ticksAll);
  const reading = (async () => {
    for await (const msg of ticks) {
      const batch = ticksOrNone(msg.envelope);
      if (batch.length > 0) live.add(batch);
    }
  })();

  const publish = async (bar: Bar, id: string) => {
    await bus.publish(subjects.bar(bar.interval, bar.symbol), envelope({ id, type: BAR, source, key: bar.symbol, data: bar }));
  };

  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const bar of live.takeChanged()) {
        await publish(bar, `bar:${bar.interval}:${bar.symbol}:${bar.start}:${bar.trades}`);
        published.inc({ kind: 'partial' });
      }
      const now = Date.now();
      waiting.push(...live.takeEnded(now));
      openGauge.set(live.size);
      // Final bars come from the store once ingest has had time to write the interval's last ticks.
      const due = waiting.filter((a) => a.start + INTERVAL_MS[a.interval] + options.finalizeAfterMs <= now);
      for (const agg of due) {
        const [stored] = await store.bars.range(agg.symbol, agg.interval, { from: agg.start, to: agg.start, limit: 1 });
        const bar = stored && stored.start === agg.start ? { ...stored, final: true } : barMath.toBar(agg, true);
        await publish(bar, `bar:${bar.interval}:${bar.symbol}:${bar.start}:final`);
        // Only once published: with the store or the bus away, the bar waits for the next tick (same id, so a resend is one message).
        waiting.splice(waiting.indexOf(agg), 1);
        published.inc({ kind: 'final' });
      }
    } catch (err) {
      log.warn({ err }, 'publishing bars failed; will retry');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), options.publishEveryMs);

  return {
    async stop() {
      clearInterval(timer);
      ticks.unsubscribe();
      await reading;
      while (busy) await new Promise((r) => setTimeout(r, 10));
      await tick();
    },
  };
}

/** Bars: live OHLCV bars (1m, 5m, 15m, 1h, 1d) published as they change, and final bars when each interval ends. */
export const barsService = defineService({
  name: 'bars',
  description: 'Publishes open and final OHLCV bars built from the tick stream',
  needs: ['bus', 'store'],
  prefixes: [],
  start: (ctx) => startLiveBars(ctx, { publishEveryMs: 250, finalizeAfterMs: ctx.config.ingest.maxWaitMs * 3 + 1000 }),
});

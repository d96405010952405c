import { BAR, type Bar, envelope, INTERVAL_MS, type Interval, subjects, ticksOrNone } from '@bourse/core';
import { defineService, type ServiceContext, type Worker } from '@bourse/kit';
import { bars as barMath } from '@bourse/quant';
import { planCatchUp, throughKey } from './catch-up.ts';
import { type Aggregate, LiveBars } from './live.ts';

export { finalsThrough, planCatchUp } from './catch-up.ts';
export { LiveBars } from './live.ts';

export interface LiveBarsOptions {
  /** How often changed open bars are published. */
  readonly publishEveryMs: number;
  /** How long after an interval ends its final bar is read from the store and published (covers ingest's batching delay). */
  readonly finalizeAfterMs: number;
  /** After NATS comes back, how long to wait before finals and catch-up, so the ticks publishers held are stored first. */
  readonly reconnectGraceMs: number;
  /** Oldest interval a restart still publishes a missing final bar for (the bar stream's age limit). Default 24 h. */
  readonly lookbackMs?: number;
}

/** How often the loop asks whether NATS is there. */
const HEALTH_EVERY_MS = 1000;

interface Waiting {
  readonly symbol: string;
  readonly interval: Interval;
  readonly start: number;
  agg: Aggregate | undefined;
}

const finalId = (b: Pick<Bar, 'interval' | 'symbol' | 'start'>) => `bar:${b.interval}:${b.symbol}:${b.start}:final`;
const endOf = (w: { interval: Interval; start: number }) => w.start + INTERVAL_MS[w.interval];

/**
 * Live bars: the open bar of every (symbol, interval), updated from the tick stream and
 * published on md.bar.<interval>.<symbol> as it changes; when the interval has ended, the
 * final bar is read back from the store, where ingest keeps bars exactly (each stored tick
 * counted once), and published with `final: true` and a stable id (`bar:<i>:<symbol>:<start>:final`).
 *
 * On one subject an interval's final bar always goes out before any partial bar of the next
 * interval, so the subject's last message says how far the finals are out. A (re)start reads
 * that for every subject and first publishes, oldest first, the finals of the intervals that
 * ended while the service was away (catch-up); so does the loop after a NATS outage, once the
 * publishers' held ticks have had `reconnectGraceMs` to be stored. Two overlapping runs publish
 * the same ids, which JetStream's duplicate window keeps once; within a run each final goes once.
 */
export async function startLiveBars(ctx: ServiceContext<'bus' | 'store'>, options: LiveBarsOptions): Promise<Worker> {
  const { bus, store, log, metrics, config } = ctx;
  const published = metrics.counter('bars_published_total', 'Bars published', ['kind']);
  const openGauge = metrics.gauge('bars_open', 'Open bars held in memory');
  const source = `bars@${config.instanceId}`;
  const live = new LiveBars();
  /** ended (or, after catch-up, still open) intervals whose final is not out yet, by symbol|interval|start */
  const waiting = new Map<string, Waiting>();
  /** per symbol|interval: the start of the last interval whose final is out */
  const through = new Map<string, number>();
  let caughtUp = false;
  let away = false;
  let backAt = Number.NEGATIVE_INFINITY;
  let checkedAt = 0;

  const ticks = bus.subscribe(subjects.ticksAll);
  const reading = (async () => {
    for await (const msg of ticks) {
      const batch = ticksOrNone(msg.envelope);
      if (batch.length > 0) live.add(batch);
    }
  })();

  const publish = (bar: Bar, id: string) =>
    bus.publish(subjects.bar(bar.interval, bar.symbol), envelope({ id, type: BAR, source, key: bar.symbol, data: bar }));

  const wait = (symbol: string, interval: Interval, start: number, agg: Aggregate | undefined) => {
    if ((through.get(throughKey(symbol, interval)) ?? Number.NEGATIVE_INFINITY) >= start) return;
    const key = `${symbol}|${interval}|${start}`;
    const w = waiting.get(key);
    if (w) w.agg ??= agg;
    else waiting.set(key, { symbol, interval, start, agg });
  };

  /** Publish one final unless this run already did; `through` moves only once the bus took it. */
  const publishFinal = async (bar: Bar) => {
    const key = throughKey(bar.symbol, bar.interval);
    if ((through.get(key) ?? Number.NEGATIVE_INFINITY) >= bar.start) return;
    await publish(bar, finalId(bar));
    through.set(key, Math.max(bar.start, through.get(key) ?? Number.NEGATIVE_INFINITY));
    published.inc({ kind: 'final' });
  };

  const catchUp = async (now: number) => {
    const plan = await planCatchUp(
      { bus, store },
      { intervals: live.intervals, now, finalizeAfterMs: options.finalizeAfterMs, lookbackMs: options.lookbackMs ?? 24 * 3600_000 },
    );
    for (const [key, start] of plan.through) {
      // what the bus holds before this plan's finals: the plan's own finals are published below
      const bar = plan.finals.find((b) => throughKey(b.symbol, b.interval) === key);
      if (bar === undefined && start > (through.get(key) ?? Number.NEGATIVE_INFINITY)) through.set(key, start);
    }
    // issued together, oldest first: the bus keeps each subject's order
    await Promise.all(plan.finals.map((bar) => publishFinal(bar)));
    for (const bar of plan.open) wait(bar.symbol, bar.interval, bar.start, undefined);
    if (plan.finals.length > 0) log.info({ finals: plan.finals.length }, 'published the final bars of intervals that ended while away');
  };

  /** NATS away: hold finals and partials (a final read now could miss ticks still held by the feed). */
  const checkBus = async (now: number) => {
    if (bus.kind === 'memory' || now - checkedAt < HEALTH_EVERY_MS) return;
    checkedAt = now;
    const { ok, detail } = await bus.health();
    if (!ok && !away) {
      away = true;
      log.warn({ detail }, 'the bus is away: final bars wait until it is back');
    } else if (ok && away) {
      away = false;
      backAt = now;
      caughtUp = false;
      log.warn({ graceMs: options.reconnectGraceMs }, 'the bus is back: catching up on final bars after the grace');
    }
  };

  const readFinal = async (w: Waiting): Promise<Bar | undefined> => {
    const [stored] = await store.bars.range(w.symbol, w.interval, { from: w.start, to: w.start, limit: 1 });
    if (stored && stored.start === w.start) return { ...stored, final: true };
    return w.agg && barMath.toBar(w.agg, true);
  };

  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const now = Date.now();
      await checkBus(now);
      if (away || now < backAt + options.reconnectGraceMs) return;
      if (!caughtUp) {
        await catchUp(now);
        caughtUp = true;
      }
      // Finals first, oldest first; then the partials of subjects with no earlier final still owed.
      const due = [...waiting.entries()]
        .filter(([, w]) => endOf(w) + options.finalizeAfterMs <= now)
        .sort(([, a], [, b]) => endOf(a) - endOf(b));
      for (const [key, w] of due) {
        const bar = await readFinal(w);
        if (bar) await publishFinal(bar);
        waiting.delete(key);
      }
      const owed = new Map<string, number>();
      for (const w of waiting.values()) {
        const k = throughKey(w.symbol, w.interval);
        owed.set(k, Math.min(owed.get(k) ?? Number.POSITIVE_INFINITY, w.start));
      }
      const ready = (agg: Aggregate) => (owed.get(throughKey(agg.symbol, agg.interval)) ?? Number.POSITIVE_INFINITY) >= agg.start;
      for (const bar of live.takeChanged(ready)) {
        await publish(bar, `bar:${bar.interval}:${bar.symbol}:${bar.start}:${bar.trades}`);
        published.inc({ kind: 'partial' });
      }
      // Ended after their last partial went out: their finals are owed from the next round on.
      for (const agg of live.takeEnded(now)) wait(agg.symbol, agg.interval, agg.start, agg);
      openGauge.set(live.size);
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
  start: (ctx) => {
    const finalizeAfterMs = ctx.config.ingest.maxWaitMs * 3 + 1000;
    return startLiveBars(ctx, { publishEveryMs: 250, finalizeAfterMs, reconnectGraceMs: finalizeAfterMs * 3 });
  },
});

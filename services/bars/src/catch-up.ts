import type { Bus } from '@bourse/bus';
import { type Bar, barPayload, type Envelope, INTERVAL_MS, type Interval, subjects } from '@bourse/core';
import type { Store } from '@bourse/store';

/** Bars read back for one (symbol, interval) at most: a day of 1m bars. */
const MAX_CATCH_UP_BARS = 1440;
/** How many subjects are looked up at once. */
const PARALLEL = 16;

/**
 * The start of the last interval whose final bar the subject holds, read from its last message.
 * The service publishes an interval's final bar before any partial bar of the next interval on
 * the same subject, and the bus keeps a subject's messages in publish order, so a partial bar of
 * interval S as the last message means every final up to the interval before S is out.
 * Undefined when the subject holds nothing this service can read (first run, or expired).
 */
export function finalsThrough(last: Envelope | undefined, interval: Interval): number | undefined {
  if (last === undefined) return undefined;
  let bar: Bar;
  try {
    bar = barPayload.read(last);
  } catch {
    return undefined;
  }
  return bar.final ? bar.start : bar.start - INTERVAL_MS[interval];
}

export interface CatchUp {
  /** Final bars of intervals that ended unannounced, oldest interval end first. */
  readonly finals: Bar[];
  /** Stored bars of intervals still open, whose finals the live loop must publish when they end. */
  readonly open: Bar[];
  /** Per `symbol|interval`: the start of the last interval whose final is out (after `finals`). */
  readonly through: Map<string, number>;
}

export const throughKey = (symbol: string, interval: Interval) => `${symbol}|${interval}`;

/**
 * What a (re)started bars service owes: for every symbol with stored ticks and every interval,
 * the stored bars after the last final the bus holds, up to `now`. Those whose interval ended
 * `finalizeAfterMs` ago are final now; the open one is handed to the live loop. Nothing older
 * than `lookbackMs` (the bar stream's age limit) is republished.
 */
export async function planCatchUp(
  deps: { bus: Bus; store: Store },
  o: { intervals: readonly Interval[]; now: number; finalizeAfterMs: number; lookbackMs: number },
): Promise<CatchUp> {
  const symbols = [...(await deps.store.ticks.lastSeq()).keys()].sort();
  const pairs = symbols.flatMap((symbol) => o.intervals.map((interval) => ({ symbol, interval })));
  const finals: Bar[] = [];
  const open: Bar[] = [];
  const through = new Map<string, number>();
  for (let i = 0; i < pairs.length; i += PARALLEL) {
    await Promise.all(
      pairs.slice(i, i + PARALLEL).map(async ({ symbol, interval }) => {
        const len = INTERVAL_MS[interval];
        const done = finalsThrough(await deps.bus.lastPublished(subjects.bar(interval, symbol)), interval);
        if (done !== undefined) through.set(throughKey(symbol, interval), done);
        const earliest = o.now - o.lookbackMs;
        const from = Math.max(done === undefined ? o.now - (o.now % len) : done + len, earliest - (earliest % len));
        const stored = await deps.store.bars.range(symbol, interval, { from, to: o.now, limit: MAX_CATCH_UP_BARS });
        for (const bar of stored) {
          if (bar.start + len + o.finalizeAfterMs <= o.now) {
            finals.push({ ...bar, final: true });
            through.set(throughKey(symbol, interval), bar.start);
          } else {
            open.push(bar);
          }
        }
      }),
    );
  }
  const end = (b: Bar) => b.start + INTERVAL_MS[b.interval];
  finals.sort((a, b) => end(a) - end(b) || INTERVAL_MS[a.interval] - INTERVAL_MS[b.interval] || a.symbol.localeCompare(b.symbol));
  return { finals, open, through };
}

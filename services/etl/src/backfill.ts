import { CATALOG, INTERVAL_MS, type Interval } from '@bourse/core';
import type { ServiceContext } from '@bourse/kit';
import type { EtlJobRecord } from '@bourse/store';

const DAY = 86_400_000;
/** Recent intervals first: a new user's intraday charts fill in seconds, the two daily years after. */
const PLAN: readonly { interval: Interval; window: 'minutes' | 'days' }[] = [
  { interval: '1h', window: 'minutes' },
  { interval: '15m', window: 'minutes' },
  { interval: '5m', window: 'minutes' },
  { interval: '1m', window: 'minutes' },
  { interval: '1d', window: 'days' },
];

/**
 * History from the first minute: on start, queue synthetic-source jobs (the same ETL path as any
 * provider's) for what the store lacks: daily bars for `dailyDays` (finished UTC days, the synthetic
 * market's trading day) and intraday bars for the last `minuteDays`, each up to the last whole
 * minute or day before `now`. After a gap (a restart the next day) only the missing part is queued.
 * Job ids are the window's end, so two etl instances starting in the same minute queue it once.
 */
export async function queueBackfill(ctx: ServiceContext<'store'>, now: number): Promise<EtlJobRecord[]> {
  const { store, config } = ctx;
  const { dailyDays, minuteDays } = config.etl.backfill;
  const symbols = CATALOG.filter((e) => e.assetClass !== 'option').map((e) => e.symbol);
  const queued: EtlJobRecord[] = [];
  for (const { interval, window } of PLAN) {
    const step = INTERVAL_MS[interval];
    const to = Math.floor(now / step) * step;
    const from = window === 'days' ? to - dailyDays * DAY : Math.floor((now - minuteDays * DAY) / step) * step;
    if (from >= to) continue;
    // Start where the symbol that is furthest behind stopped (every symbol is loaded the same way).
    let start = to;
    for (const symbol of symbols) {
      const last = await store.etl.lastBarStart(symbol, interval, 'synthetic');
      start = Math.min(start, last === undefined || last < from ? from : last + step);
    }
    if (start >= to) continue;
    const id = `backfill-${interval}-${to}`;
    if (await store.etl.getJob(id)) continue;
    try {
      queued.push(await store.etl.createJob({ id, source: 'synthetic', interval, from: start, to, symbols, origin: 'backfill' }));
    } catch (err) {
      // Another instance queued the same window a moment ago.
      if (!(await store.etl.getJob(id))) throw err;
    }
  }
  return queued;
}

import { ConflictError, type Interval, NotFoundError } from '@bourse/core';
import type { Store } from '@bourse/store';
import type { CsvBar } from './csv.ts';

/**
 * Load bars into a manual series (source `manual`): the symbol must be registered, and a symbol that
 * already has ticks or tick-built bars is refused rather than mixed with them (its bars would count
 * a bucket twice). A symbol without market data becomes a manual series on its first load.
 */
export async function loadManualBars(store: Store, symbol: string, interval: Interval, bars: readonly CsvBar[]) {
  if (!(await store.instruments.get(symbol))) throw new NotFoundError(`unknown symbol ${symbol}`);
  if (!(await store.manual.isManual(symbol))) {
    if (await store.manual.hasMarketData(symbol))
      throw new ConflictError(`${symbol} has market data from another source: only manual series take imported bars and prices`);
    await store.manual.register(symbol);
  }
  // One statement per chunk keeps each array parameter a few MB.
  let inserted = 0;
  let updated = 0;
  for (let i = 0; i < bars.length; i += 50_000) {
    const r = await store.manual.load(symbol, interval, bars.slice(i, i + 50_000));
    inserted += r.inserted;
    updated += r.updated;
  }
  return { inserted, updated };
}

import type { SyntheticHistory } from './history.ts';

/** Where the live feed picks up an instrument: its price, the seq it continues from and the time of that price. */
export interface LiveResume {
  readonly price: number;
  readonly seq: number;
  readonly ts: number;
}

/**
 * Where the live feed starts each instrument at `now`. An instrument that ticked in this minute
 * or the one before continues where it stood (a quick restart). One that never ticked, or whose
 * last tick is older (a restart the next day), starts from the history's close of the last whole
 * minute: the close of the last bar the backfill loads, so history and live meet without a jump.
 * Its seq still continues, so ticks stay unique.
 */
export function liveStart(
  history: SyntheticHistory,
  symbols: readonly string[],
  last: Readonly<Record<string, LiveResume>>,
  now: number,
): Record<string, LiveResume> {
  const minute = Math.floor(now / 60_000) * 60_000;
  const out: Record<string, LiveResume> = {};
  for (const symbol of symbols) {
    const previous = last[symbol];
    if (previous !== undefined && previous.ts >= minute - 60_000) out[symbol] = previous;
    else out[symbol] = { price: history.closeBefore(symbol, now), seq: previous?.seq ?? 0, ts: now };
  }
  return out;
}

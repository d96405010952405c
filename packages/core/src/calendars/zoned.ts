/**
 * Wall-clock times in an exchange's time zone turned into instants and back, through Intl (so
 * daylight saving time is right).
 */
import { zoneOffset } from '../time-zones.ts';
import { DAY_MS } from './days.ts';

const MINUTE_MS = 60_000;

/** The local date (day number) and minutes after local midnight in `timeZone` at the instant `ts`. */
export function zonedDay(ts: number, timeZone: string): { day: number; minutes: number } {
  const local = ts + zoneOffset(ts, timeZone);
  const day = Math.floor(local / DAY_MS);
  return { day, minutes: (local - day * DAY_MS) / MINUTE_MS };
}

const instants = new Map<string, number>();

/**
 * The instant (epoch ms) at which `timeZone`'s wall clock reads `minutes` after midnight of local date
 * `day`. As Temporal's "compatible" disambiguation: a wall time the clocks skip (spring forward) is
 * read with the offset before the change (so it lands as far past the gap), one they repeat (fall
 * back) is the earlier of the two instants.
 */
export function zonedTime(day: number, minutes: number, timeZone: string): number {
  const wall = day * DAY_MS + minutes * MINUTE_MS;
  if (timeZone === 'UTC') return wall;
  const key = `${timeZone} ${wall}`;
  const known = instants.get(key);
  if (known !== undefined) return known;
  // No zone changes its offset twice within a few days: the offsets a day either side are the candidates.
  const before = zoneOffset(wall - DAY_MS, timeZone);
  const after = zoneOffset(wall + DAY_MS, timeZone);
  let ts = wall - before;
  if (before !== after) {
    const valid = [before, after].filter((o) => zoneOffset(wall - o, timeZone) === o).map((o) => wall - o);
    ts = valid.length > 0 ? Math.min(...valid) : wall - before;
  }
  if (instants.size >= 10_000) instants.clear();
  instants.set(key, ts);
  return ts;
}

import { zoneOffset } from '@bourse/core';

const DAY_MS = 86_400_000;

/** The exchange's calendar day (YYYY-MM-DD) at the instant `ts`, in its time zone. */
export function tradingDay(ts: number, timeZone: string): string {
  return new Date(ts + zoneOffset(ts, timeZone)).toISOString().slice(0, 10);
}

/**
 * Midnight, in `timeZone`, of the exchange day that contains `ts`: the start of a daily bar. A
 * provider that stamps a day with its open (Yahoo: 09:30 New York) or with 00:00 UTC (VCI) lands on
 * the same bar. No exchange zone changes its clocks at midnight, so the offset there is unambiguous.
 */
export function tradingDayStart(ts: number, timeZone: string): number {
  const day = Math.floor((ts + zoneOffset(ts, timeZone)) / DAY_MS) * DAY_MS;
  return day - zoneOffset(day - zoneOffset(day, timeZone), timeZone);
}

/** Midnight in `timeZone` of an ISO day (YYYY-MM-DD). */
export function dayStart(isoDay: string, timeZone: string): number {
  const day = Date.parse(`${isoDay}T00:00:00Z`);
  return day - zoneOffset(day - zoneOffset(day, timeZone), timeZone);
}

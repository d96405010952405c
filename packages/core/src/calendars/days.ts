/**
 * Day arithmetic on UTC day numbers (days since 1970-01-01): the calendar dates that exchange
 * calendars are written in. Pure: no clock, no I/O.
 */
export const DAY_MS = 86_400_000;

/** Day number (days since 1970-01-01) of a calendar date (month 0-11; out-of-range dates roll over). */
export function dayOf(year: number, month: number, date: number): number {
  return Date.UTC(year, month, date) / DAY_MS;
}

/** YYYY-MM-DD of a day number. */
export function dayToDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of a YYYY-MM-DD date; a RangeError for anything else (2026-02-30 included). */
export function dateToDay(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = m === null ? Number.NaN : dayOf(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!Number.isFinite(day) || dayToDate(day) !== date) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return day;
}

/** Weekday (0 Sunday ... 6 Saturday) of a day number: 1970-01-01 was a Thursday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Day number of the `n`th (1-based) weekday `wd` of a month (month 0-11). */
export function nthWeekday(year: number, month: number, wd: number, n: number): number {
  const first = dayOf(year, month, 1);
  return first + ((wd - weekday(first) + 7) % 7) + 7 * (n - 1);
}

/** Day number of the third Friday of a month (month 0-11). */
export function thirdFriday(year: number, month: number): number {
  return nthWeekday(year, month, 5, 3);
}

/** Day number of the last `wd` (0 Sunday ... 6 Saturday) of a month (month 0-11). */
export function lastWeekday(year: number, month: number, wd: number): number {
  const last = dayOf(year, month + 1, 0);
  return last - ((weekday(last) - wd + 7) % 7);
}

/** Day number of Easter Sunday (Gregorian calendar; the anonymous "Meeus/Jones/Butcher" computus). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31); // 3 March, 4 April
  const date = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(year, month - 1, date);
}

/**
 * Exchange calendars for the synthetic option chains: day arithmetic on UTC day numbers, wall-clock
 * times in an exchange's time zone turned into instants (through Intl, so daylight saving time is
 * right), the NYSE holiday and early-close rules, and a trading calendar that says which days trade.
 * Pure: no clock, no I/O.
 */
import { checkTimeZone, zoneOffset } from '@bourse/core';

export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

// ---- days ------------------------------------------------------------------------------------

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

// ---- time zones ------------------------------------------------------------------------------

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

// ---- NYSE ------------------------------------------------------------------------------------

/**
 * NYSE holidays (Rule 7.2) of a year, ascending day numbers: New Year's Day, Martin Luther King Jr. Day
 * (third Monday of January), Washington's Birthday (third Monday of February), Good Friday, Memorial Day
 * (last Monday of May), Juneteenth (from 2022), Independence Day, Labor Day (first Monday of September),
 * Thanksgiving (fourth Thursday of November) and Christmas. A fixed-date holiday on a Sunday is kept
 * the Monday after, on a Saturday the Friday before, except that New Year's Day on a Saturday is not
 * made up on 31 December (the end of an accounting year). The rules as they stand since 2022: the
 * unscheduled closures NYSE declares (national days of mourning, weather) are not rules and not here.
 */
export function nyseHolidays(year: number): number[] {
  const observed = (day: number, keepSaturday = true): number[] => {
    const wd = weekday(day);
    return wd === 0 ? [day + 1] : wd === 6 ? (keepSaturday ? [day - 1] : []) : [day];
  };
  return [
    ...observed(dayOf(year, 0, 1), false),
    nthWeekday(year, 0, 1, 3),
    nthWeekday(year, 1, 1, 3),
    easterSunday(year) - 2,
    lastWeekday(year, 4, 1),
    ...(year >= 2022 ? observed(dayOf(year, 5, 19)) : []),
    ...observed(dayOf(year, 6, 4)),
    nthWeekday(year, 8, 1, 1),
    nthWeekday(year, 10, 4, 4),
    ...observed(dayOf(year, 11, 25)),
  ].sort((a, b) => a - b);
}

/** NYSE early closes (13:00 New York) of a year: 3 July and 24 December when they trade, and the day after Thanksgiving. */
export function nyseEarlyCloses(year: number): number[] {
  const holidays = new Set(nyseHolidays(year));
  const trades = (day: number) => weekday(day) !== 0 && weekday(day) !== 6 && !holidays.has(day);
  return [dayOf(year, 6, 3), nthWeekday(year, 10, 4, 4) + 1, dayOf(year, 11, 24)].filter(trades).sort((a, b) => a - b);
}

const NYSE_EARLY_CLOSE_MINUTES = 13 * 60;

// ---- trading calendars -----------------------------------------------------------------------

/**
 * Which days trade: `nyse` Monday to Friday less the NYSE holidays (with its early closes), `weekdays`
 * Monday to Friday, `every-day` every day (crypto). `holidays` (YYYY-MM-DD) are closed on top of those.
 */
export type CalendarRule = 'nyse' | 'weekdays' | 'every-day';

export class TradingCalendar {
  readonly rule: CalendarRule;
  readonly timeZone: string;
  readonly #holidays: ReadonlySet<number>;
  readonly #years = new Map<number, { holidays: ReadonlySet<number>; earlyCloses: ReadonlySet<number> }>();

  constructor(rule: CalendarRule, timeZone: string, holidays: readonly string[] = []) {
    checkTimeZone(timeZone);
    this.rule = rule;
    this.timeZone = timeZone;
    this.#holidays = new Set(holidays.map(dateToDay));
  }

  #year(day: number) {
    const year = new Date(day * DAY_MS).getUTCFullYear();
    let y = this.#years.get(year);
    if (y === undefined) {
      y = this.rule === 'nyse' ? { holidays: new Set(nyseHolidays(year)), earlyCloses: new Set(nyseEarlyCloses(year)) } : EMPTY_YEAR;
      this.#years.set(year, y);
    }
    return y;
  }

  /** Is local date `day` a trading day? */
  isTradingDay(day: number): boolean {
    if (this.#holidays.has(day)) return false;
    if (this.rule === 'every-day') return true;
    const wd = weekday(day);
    return wd !== 0 && wd !== 6 && !this.#year(day).holidays.has(day);
  }

  /** `day` if it trades, else the last trading day before it (the convention for a listed expiry on a holiday). */
  previousTradingDay(day: number): number {
    for (let d = day; d > day - 60; d--) if (this.isTradingDay(d)) return d;
    throw new RangeError(`no trading day in the 60 days to ${dayToDate(day)}`);
  }

  /** The early close of local date `day` (minutes after local midnight), or undefined on a full day. */
  earlyClose(day: number): number | undefined {
    return this.rule === 'nyse' && this.#year(day).earlyCloses.has(day) ? NYSE_EARLY_CLOSE_MINUTES : undefined;
  }

  /** The instant of local wall time `minutes` on local date `day`. */
  at(day: number, minutes: number): number {
    return zonedTime(day, minutes, this.timeZone);
  }
}

const EMPTY_YEAR = { holidays: new Set<number>(), earlyCloses: new Set<number>() };

/**
 * A trading calendar: which local dates of an exchange trade, and when they close early. Pure: no
 * clock, no I/O.
 */
import { checkTimeZone } from '../time-zones.ts';
import { DAY_MS, dateToDay, dayToDate, weekday } from './days.ts';
import { NYSE_EARLY_CLOSE_MINUTES, nyseEarlyCloses, nyseHolidays } from './nyse.ts';
import { zonedTime } from './zoned.ts';

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

  /** `day` if it trades, else the first trading day after it. */
  nextTradingDay(day: number): number {
    for (let d = day; d < day + 60; d++) if (this.isTradingDay(d)) return d;
    throw new RangeError(`no trading day in the 60 days from ${dayToDate(day)}`);
  }

  /** The trading days from local date `from` to `to`, both included, ascending. */
  tradingDays(from: number, to: number): number[] {
    const days: number[] = [];
    for (let d = from; d <= to; d++) if (this.isTradingDay(d)) days.push(d);
    return days;
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

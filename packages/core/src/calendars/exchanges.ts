/**
 * Exchange calendars by exchange code: the days an exchange trades in its own time zone, and the
 * instants its sessions open and close (daylight saving time, early closes and lunch breaks
 * included). Daily bars of real instruments are these trading days, not UTC days.
 */
import { dateToDay, dayToDate } from './days.ts';
import { TradingCalendar } from './trading-calendar.ts';
import { vietnamExchangeHolidays } from './vietnam.ts';
import { zonedDay, zonedTime } from './zoned.ts';

/** One trading day's session as instants (UTC epoch ms). */
export interface Session {
  /** the local trading date, YYYY-MM-DD */
  readonly date: string;
  readonly open: number;
  readonly close: number;
  /** pauses within the session (HOSE and HNX break for lunch) */
  readonly breaks: readonly { readonly start: number; readonly end: number }[];
  readonly earlyClose: boolean;
}

interface Hours {
  /** minutes after local midnight */
  readonly open: number;
  readonly close: number;
  readonly breaks: readonly (readonly [number, number])[];
}

const hm = (h: number, m = 0) => h * 60 + m;

export class ExchangeCalendar {
  constructor(
    readonly code: string,
    readonly calendar: TradingCalendar,
    private readonly hours: Hours,
    /** where the holidays come from */
    readonly holidaySource: string,
  ) {}

  get timeZone(): string {
    return this.calendar.timeZone;
  }

  /** Does local date `date` (YYYY-MM-DD) trade? A RangeError for a malformed date. */
  isTradingDay(date: string): boolean {
    return this.calendar.isTradingDay(dateToDay(date));
  }

  /** The trading days from `from` to `to` (YYYY-MM-DD, both included), ascending. */
  tradingDays(from: string, to: string): string[] {
    return this.calendar.tradingDays(dateToDay(from), dateToDay(to)).map(dayToDate);
  }

  /** The session of local date `date`, or undefined when it does not trade. */
  session(date: string): Session | undefined {
    const day = dateToDay(date);
    if (!this.calendar.isTradingDay(day)) return undefined;
    const early = this.calendar.earlyClose(day);
    const close = Math.min(this.hours.close, early ?? Number.POSITIVE_INFINITY);
    return {
      date,
      open: this.calendar.at(day, this.hours.open),
      close: this.calendar.at(day, close),
      breaks: this.hours.breaks
        .filter(([start]) => start < close)
        .map(([start, end]) => ({ start: this.calendar.at(day, start), end: this.calendar.at(day, end) })),
      earlyClose: early !== undefined,
    };
  }

  /** The local date (YYYY-MM-DD) at instant `ts`: the trading day a daily bar of that instant belongs to. */
  localDate(ts: number): string {
    return dayToDate(zonedDay(ts, this.timeZone).day);
  }

  /** The instant local date `date` starts (00:00 in the exchange's zone): a daily bar's start. */
  dayStart(date: string): number {
    return zonedTime(dateToDay(date), 0, this.timeZone);
  }
}

const NYSE_SOURCE = 'NYSE Rule 7.2 holidays and early closes, as rules (see nyse.ts)';
const VIETNAM_SOURCE = 'HOSE and HNX published trading schedules (see vietnam.ts)';
// HOSE and HNX: opening auction from 09:00, continuous matching to 11:30, lunch to 13:00, continuous
// to 14:30, closing auction to 14:45 (HOSE trading rules, Decision 17/QĐ-HĐTV of 2022; HNX the same hours).
const VIETNAM_HOURS: Hours = { open: hm(9), close: hm(14, 45), breaks: [[hm(11, 30), hm(13)]] };
// NYSE and Nasdaq core session 09:30-16:00 New York.
const US_HOURS: Hours = { open: hm(9, 30), close: hm(16), breaks: [] };

function build(): Map<string, ExchangeCalendar> {
  const nyse = new TradingCalendar('nyse', 'America/New_York');
  const vietnam = new TradingCalendar('weekdays', 'Asia/Ho_Chi_Minh', vietnamExchangeHolidays());
  return new Map([
    ['NYSE', new ExchangeCalendar('NYSE', nyse, US_HOURS, NYSE_SOURCE)],
    ['NASDAQ', new ExchangeCalendar('NASDAQ', nyse, US_HOURS, NYSE_SOURCE)],
    ['NYSEARCA', new ExchangeCalendar('NYSEARCA', nyse, US_HOURS, NYSE_SOURCE)],
    ['HOSE', new ExchangeCalendar('HOSE', vietnam, VIETNAM_HOURS, VIETNAM_SOURCE)],
    ['HNX', new ExchangeCalendar('HNX', vietnam, VIETNAM_HOURS, VIETNAM_SOURCE)],
    [
      'CRYPTO',
      new ExchangeCalendar('CRYPTO', new TradingCalendar('every-day', 'UTC'), { open: 0, close: hm(24), breaks: [] }, 'trades every day'),
    ],
  ]);
}

let calendars: Map<string, ExchangeCalendar> | undefined;

/** The calendar of an exchange code (NYSE, NASDAQ, NYSEARCA, HOSE, HNX, CRYPTO), or undefined. */
export function exchangeCalendar(code: string): ExchangeCalendar | undefined {
  calendars ??= build();
  return calendars.get(code);
}

/** The exchange codes that have a calendar. */
export function calendarExchanges(): string[] {
  calendars ??= build();
  return [...calendars.keys()];
}

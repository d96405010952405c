import type { ExpiryKind } from '@bourse/core';
import { DAY_MS, dayToDate, lastWeekday, TradingCalendar, thirdFriday, weekday, zonedDay } from '@bourse/core/calendars';
import type { UnderlyingSpec } from './listing.ts';

/**
 * The expiries an underlying lists at an instant: its market's dailies, weeklies and monthlies, on
 * the exchange's trading days and at its expiry time (daylight saving time and early closes included).
 */

const calendars = new WeakMap<UnderlyingSpec, TradingCalendar>();

/** The trading calendar of an underlying's market: its time zone, the days that trade, early closes. */
export function tradingCalendar(spec: UnderlyingSpec): TradingCalendar {
  let calendar = calendars.get(spec);
  if (calendar === undefined) {
    calendar = new TradingCalendar(spec.calendar, spec.timeZone, spec.holidays);
    calendars.set(spec, calendar);
  }
  return calendar;
}

export interface ListedExpiry {
  expiry: string;
  expiryTs: number;
  kind: ExpiryKind;
  root: string;
}

/**
 * The expiries listed at `ts`, ascending: each market's dailies, weeklies and monthlies still ahead, at
 * the expiry time in the exchange's time zone. Dailies are listed on trading days only; a weekly or
 * monthly whose day does not trade expires on the trading day before (a Good Friday monthly on Thursday).
 */
export function listExpiries(spec: UnderlyingSpec, ts: number): ListedExpiry[] {
  const calendar = tradingCalendar(spec);
  const at = (day: number) => calendar.at(day, Math.min(spec.expiryMinutes, calendar.earlyClose(day) ?? Number.POSITIVE_INFINITY));
  const local = zonedDay(ts, spec.timeZone).day;
  const byDay = new Map<number, ExpiryKind>();
  const rank: Record<ExpiryKind, number> = { daily: 0, weekly: 1, monthly: 2 };
  const add = (day: number, kind: ExpiryKind) => {
    const had = byDay.get(day);
    if (had === undefined || rank[kind] > rank[had]) byDay.set(day, kind);
  };
  // From the day before the local date on: an expiry late in the local day can be early the next UTC day.
  for (let day = local - 1, n = 0; n < spec.dailies; day++) {
    if (calendar.isTradingDay(day) && at(day) > ts) {
      add(day, 'daily');
      n++;
    }
  }
  for (let day = local - 1, n = 0; n < spec.weeklies; day++) {
    if (weekday(day) !== spec.weeklyWeekday) continue;
    const expiry = calendar.previousTradingDay(day);
    if (at(expiry) > ts) {
      add(expiry, 'weekly');
      n++;
    }
  }
  const now = new Date(local * DAY_MS);
  const monthlyWeekday = spec.market === 'crypto' ? 5 : spec.weeklyWeekday;
  for (let i = 0, n = 0; n < spec.monthlies; i++) {
    const months = now.getUTCFullYear() * 12 + now.getUTCMonth() + i;
    const y = Math.floor(months / 12);
    const m = months - y * 12;
    const expiry = calendar.previousTradingDay(spec.monthlyRule === 'third-friday' ? thirdFriday(y, m) : lastWeekday(y, m, monthlyWeekday));
    if (at(expiry) > ts) {
      add(expiry, 'monthly');
      n++;
    }
  }
  return [...byDay.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([day, kind]) => ({ expiry: dayToDate(day), expiryTs: at(day), kind, root: kind === 'monthly' ? spec.root : spec.weeklyRoot }));
}

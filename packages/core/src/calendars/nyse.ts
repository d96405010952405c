/** The NYSE holiday and early-close rules (Nasdaq keeps the same days). */
import { dayOf, easterSunday, lastWeekday, nthWeekday, weekday } from './days.ts';

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

/** When NYSE closes on its early-close days: 13:00 New York (minutes after local midnight). */
export const NYSE_EARLY_CLOSE_MINUTES = 13 * 60;

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { zoneOffset } from '../time-zones.ts';
import {
  DAY_MS,
  dateToDay,
  dayToDate,
  easterSunday,
  nthWeekday,
  nyseEarlyCloses,
  nyseHolidays,
  TradingCalendar,
  weekday,
  zonedDay,
  zonedTime,
} from './index.ts';

const iso = (ts: number) => new Date(ts).toISOString();

describe('days', () => {
  it('reads and writes YYYY-MM-DD dates and refuses anything else', () => {
    assert.equal(dateToDay('1970-01-01'), 0);
    assert.equal(dayToDate(dateToDay('2026-04-03')), '2026-04-03');
    assert.equal(weekday(dateToDay('2026-04-03')), 5);
    for (const bad of ['2026-02-30', '2026-4-3', '03/04/2026', '', '2026-13-01']) assert.throws(() => dateToDay(bad), RangeError, bad);
  });

  it('finds the nth weekday of a month', () => {
    assert.equal(dayToDate(nthWeekday(2026, 0, 1, 3)), '2026-01-19');
    assert.equal(dayToDate(nthWeekday(2026, 10, 4, 4)), '2026-11-26');
    assert.equal(dayToDate(nthWeekday(2026, 4, 5, 1)), '2026-05-01'); // the 1st itself
  });

  it('computes Easter Sunday', () => {
    const known = [
      '1943-04-25',
      '2008-03-23',
      '2011-04-24',
      '2019-04-21',
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
      '2038-04-25',
    ];
    for (const date of known) assert.equal(dayToDate(easterSunday(Number(date.slice(0, 4)))), date);
    // The earliest and latest dates the Gregorian computus can give.
    assert.equal(dayToDate(easterSunday(2285)), '2285-03-22');
    assert.equal(dayToDate(easterSunday(1943)), '1943-04-25');
  });
});

describe('NYSE holidays', () => {
  // As NYSE published them (its 2025-2027 holiday calendar of November 2024).
  const published: Record<number, string[]> = {
    2025: [
      '2025-01-01', // New Year's Day, Wednesday
      '2025-01-20', // Martin Luther King, Jr. Day
      '2025-02-17', // Washington's Birthday
      '2025-04-18', // Good Friday
      '2025-05-26', // Memorial Day
      '2025-06-19', // Juneteenth, Thursday
      '2025-07-04', // Independence Day, Friday
      '2025-09-01', // Labor Day
      '2025-11-27', // Thanksgiving
      '2025-12-25', // Christmas, Thursday
    ],
    2026: [
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-04-03', // Good Friday
      '2026-05-25',
      '2026-06-19', // Juneteenth, Friday
      '2026-07-03', // Independence Day observed: 4 July is a Saturday
      '2026-09-07',
      '2026-11-26',
      '2026-12-25',
    ],
    2027: [
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-03-26', // Good Friday
      '2027-05-31',
      '2027-06-18', // Juneteenth observed: 19 June is a Saturday
      '2027-07-05', // Independence Day observed: 4 July is a Sunday
      '2027-09-06',
      '2027-11-25',
      '2027-12-24', // Christmas observed: 25 December is a Saturday
    ],
  };

  it('gives the published NYSE holidays of 2025, 2026 and 2027', () => {
    for (const [year, dates] of Object.entries(published)) assert.deepEqual(nyseHolidays(Number(year)).map(dayToDate), dates, year);
  });

  it('keeps a Sunday holiday on the Monday, a Saturday one on the Friday, but never New Year on 31 December', () => {
    // 2022: New Year's Day on a Saturday (31 December 2021 traded), Juneteenth and Christmas on Sundays.
    const y2022 = nyseHolidays(2022).map(dayToDate);
    assert.ok(!y2022.some((d) => d.endsWith('-01-01') || d.endsWith('-12-31')));
    assert.ok(y2022.includes('2022-06-20') && y2022.includes('2022-12-26'));
    // 2023: New Year's Day on a Sunday, kept on Monday 2 January.
    assert.equal(dayToDate(nyseHolidays(2023)[0]!), '2023-01-02');
    // 1 January 2028 is a Saturday: Friday 31 December 2027 trades, and 2028 has no New Year holiday.
    assert.ok(!nyseHolidays(2027).map(dayToDate).includes('2027-12-31'));
    assert.equal(dayToDate(nyseHolidays(2028)[0]!), '2028-01-17');
    // Juneteenth only from 2022 (19 June 2021 was a Saturday and 18 June 2021 traded).
    assert.ok(!nyseHolidays(2021).map(dayToDate).includes('2021-06-18'));
    assert.equal(nyseHolidays(2021).length, 9);
    for (let year = 2022; year <= 2060; year++) {
      const days = nyseHolidays(year);
      assert.equal(days.length, new Date(Date.UTC(year, 0, 1)).getUTCDay() === 6 ? 9 : 10, `${year}`);
      for (const day of days) assert.ok(weekday(day) >= 1 && weekday(day) <= 5, dayToDate(day));
    }
  });

  it('closes early on 3 July and 24 December when they trade, and on the day after Thanksgiving', () => {
    assert.deepEqual(nyseEarlyCloses(2025).map(dayToDate), ['2025-07-03', '2025-11-28', '2025-12-24']);
    assert.deepEqual(nyseEarlyCloses(2026).map(dayToDate), ['2026-11-27', '2026-12-24']); // 3 July 2026 is the holiday
    assert.deepEqual(nyseEarlyCloses(2027).map(dayToDate), ['2027-11-26']); // Saturday 3 July, 24 December the holiday
  });
});

describe('time zones', () => {
  it('puts 16:00 New York at 20:00 UTC in summer and 21:00 UTC in winter, switching with DST', () => {
    const ny = (date: string) => iso(zonedTime(dateToDay(date), 16 * 60, 'America/New_York'));
    assert.equal(ny('2026-07-17'), '2026-07-17T20:00:00.000Z');
    assert.equal(ny('2026-12-18'), '2026-12-18T21:00:00.000Z');
    // Summer time starts on Sunday 8 March 2026 and ends on Sunday 1 November 2026.
    assert.equal(ny('2026-03-06'), '2026-03-06T21:00:00.000Z');
    assert.equal(ny('2026-03-08'), '2026-03-08T20:00:00.000Z');
    assert.equal(ny('2026-03-09'), '2026-03-09T20:00:00.000Z');
    assert.equal(ny('2026-10-30'), '2026-10-30T20:00:00.000Z');
    assert.equal(ny('2026-11-01'), '2026-11-01T21:00:00.000Z');
    assert.equal(ny('2026-11-02'), '2026-11-02T21:00:00.000Z');
  });

  it('puts 15:30 Kolkata at 10:00 UTC the year round', () => {
    for (const date of ['2026-01-06', '2026-03-10', '2026-07-07', '2026-11-03']) {
      assert.equal(iso(zonedTime(dateToDay(date), 15 * 60 + 30, 'Asia/Kolkata')), `${date}T10:00:00.000Z`);
    }
    assert.equal(zoneOffset(Date.UTC(2026, 6, 1), 'Asia/Kolkata'), 5.5 * 3_600_000);
  });

  it('reads skipped wall times past the gap and repeated ones as the earlier instant', () => {
    assert.equal(iso(zonedTime(dateToDay('2026-03-08'), 150, 'America/New_York')), '2026-03-08T07:30:00.000Z'); // 03:30 EDT
    assert.equal(iso(zonedTime(dateToDay('2026-11-01'), 90, 'America/New_York')), '2026-11-01T05:30:00.000Z'); // 01:30 EDT
    assert.equal(iso(zonedTime(dateToDay('2026-03-29'), 150, 'Europe/Berlin')), '2026-03-29T01:30:00.000Z'); // 03:30 CEST
    assert.equal(iso(zonedTime(dateToDay('2026-10-25'), 150, 'Europe/Berlin')), '2026-10-25T00:30:00.000Z'); // 02:30 CEST
  });

  it('gives the local date and time of an instant', () => {
    assert.deepEqual(zonedDay(Date.UTC(2026, 6, 3, 2, 30), 'America/New_York'), { day: dateToDay('2026-07-02'), minutes: 22 * 60 + 30 });
    assert.deepEqual(zonedDay(Date.UTC(2026, 0, 7, 20, 0), 'Asia/Kolkata'), { day: dateToDay('2026-01-08'), minutes: 90 });
    assert.deepEqual(zonedDay(Date.UTC(2026, 0, 7, 20, 0), 'UTC'), { day: dateToDay('2026-01-07'), minutes: 20 * 60 });
    // Round trip every quarter hour across both 2026 switches in New York.
    for (const date of ['2026-03-08', '2026-11-01']) {
      for (let m = 0; m < 24 * 60; m += 15) {
        const ts = zonedTime(dateToDay(date), m, 'America/New_York');
        const back = zonedDay(ts, 'America/New_York');
        if (!(date === '2026-03-08' && m >= 120 && m < 180)) assert.deepEqual(back, { day: dateToDay(date), minutes: m }, `${date} ${m}`);
      }
    }
    assert.ok(Math.abs(zonedTime(0, 0, 'UTC')) < DAY_MS);
  });
});

describe('TradingCalendar', () => {
  it('trades weekdays less the holidays, or every day', () => {
    const nyse = new TradingCalendar('nyse', 'America/New_York');
    const weekdays = new TradingCalendar('weekdays', 'Asia/Kolkata', ['2026-03-31']);
    const always = new TradingCalendar('every-day', 'UTC');
    const trades = (c: TradingCalendar, date: string) => c.isTradingDay(dateToDay(date));
    assert.ok(!trades(nyse, '2026-04-03') && trades(nyse, '2026-04-02') && !trades(nyse, '2026-04-04') && !trades(nyse, '2026-04-05'));
    assert.ok(trades(weekdays, '2026-04-03') && !trades(weekdays, '2026-03-31') && !trades(weekdays, '2026-03-28'));
    assert.ok(trades(always, '2026-04-03') && trades(always, '2026-04-04') && trades(always, '2026-12-25'));
    assert.equal(dayToDate(nyse.previousTradingDay(dateToDay('2026-04-03'))), '2026-04-02');
    assert.equal(dayToDate(nyse.previousTradingDay(dateToDay('2026-04-05'))), '2026-04-02');
    assert.equal(dayToDate(weekdays.previousTradingDay(dateToDay('2026-03-31'))), '2026-03-30');
    assert.equal(dayToDate(always.previousTradingDay(dateToDay('2026-04-05'))), '2026-04-05');
    assert.equal(nyse.earlyClose(dateToDay('2026-11-27')), 13 * 60);
    assert.equal(nyse.earlyClose(dateToDay('2026-11-25')), undefined);
    assert.equal(weekdays.earlyClose(dateToDay('2026-11-27')), undefined);
  });

  it('refuses an unknown time zone and a malformed holiday', () => {
    assert.throws(() => new TradingCalendar('weekdays', 'Mars/Olympus_Mons'), RangeError);
    assert.throws(() => new TradingCalendar('weekdays', 'UTC', ['2026-02-30']), RangeError);
  });
});

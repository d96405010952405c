import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { occSymbol } from '@bourse/core';
import { dayToDate, lastWeekday, nyseHolidays, thirdFriday } from '@bourse/core/calendars';
import { listExpiries } from './expiries.ts';
import { NSE_HOLIDAYS, underlyingSpec } from './listing.ts';

// Wednesday 7 January 2026, 18:00 UTC.
const T0 = Date.UTC(2026, 0, 7, 18, 0);

const iso = (ts: number) => new Date(ts).toISOString();

describe('option chain calendars', () => {
  it('finds third Fridays', () => {
    assert.equal(dayToDate(thirdFriday(2026, 0)), '2026-01-16');
    assert.equal(dayToDate(thirdFriday(2025, 2)), '2025-03-21');
    assert.equal(dayToDate(thirdFriday(2026, 11)), '2026-12-18');
    assert.equal(dayToDate(thirdFriday(2026, 4)), '2026-05-15'); // May 2026 starts on a Friday
  });

  it('finds the last given weekday of a month', () => {
    assert.equal(dayToDate(lastWeekday(2026, 0, 4)), '2026-01-29'); // Thursday
    assert.equal(dayToDate(lastWeekday(2026, 1, 4)), '2026-02-26');
    assert.equal(dayToDate(lastWeekday(2026, 0, 2)), '2026-01-27'); // Tuesday
    assert.equal(dayToDate(lastWeekday(2026, 0, 5)), '2026-01-30'); // Friday
    assert.equal(dayToDate(lastWeekday(2025, 11, 3)), '2025-12-31'); // the month's last day itself
  });

  it('lists US weekly Fridays and third-Friday monthlies at 16:00 New York, SPXW for SPX weeklies', () => {
    const list = listExpiries(underlyingSpec('SPX'), T0);
    assert.deepEqual(
      list.map((e) => `${e.expiry} ${e.kind} ${e.root} ${iso(e.expiryTs).slice(11, 16)}`),
      [
        '2026-01-09 weekly SPXW 21:00',
        '2026-01-16 monthly SPX 21:00',
        '2026-01-23 weekly SPXW 21:00',
        '2026-01-30 weekly SPXW 21:00',
        '2026-02-06 weekly SPXW 21:00',
        '2026-02-20 monthly SPX 21:00',
        '2026-03-20 monthly SPX 20:00', // summer time from 8 March
        '2026-04-17 monthly SPX 20:00',
        '2026-05-15 monthly SPX 20:00',
        '2026-06-18 monthly SPX 20:00', // Friday 19 June is Juneteenth: Thursday
      ],
    );
    for (const e of list) assert.equal(iso(e.expiryTs).slice(0, 10), e.expiry);
    assert.ok(list.every((e) => new Date(e.expiryTs).getUTCDay() === (e.expiry === '2026-06-18' ? 4 : 5)));
  });

  it('drops an expiry once its time of day has passed', () => {
    const friday = Date.UTC(2026, 0, 9, 20, 59);
    assert.equal(listExpiries(underlyingSpec('SPY'), friday)[0]!.expiry, '2026-01-09');
    assert.equal(listExpiries(underlyingSpec('SPY'), friday + 60_000)[0]!.expiry, '2026-01-16');
    // In summer the same Friday expiry goes an hour earlier in UTC.
    const july = Date.UTC(2026, 6, 10, 19, 59);
    assert.equal(listExpiries(underlyingSpec('SPY'), july)[0]!.expiry, '2026-07-10');
    assert.equal(listExpiries(underlyingSpec('SPY'), july + 60_000)[0]!.expiry, '2026-07-17');
  });

  it('follows New York summer time: 20:00 UTC in July, 21:00 UTC in December, switching in the March and November weeks', () => {
    const at = (symbol: string, ts: number, n: number) =>
      listExpiries(underlyingSpec(symbol), ts)
        .slice(0, n)
        .map((e) => `${e.expiry} ${iso(e.expiryTs).slice(11, 16)}`);
    // Friday 3 July 2026 is Independence Day observed: that week's expiry is Thursday 2 July.
    assert.deepEqual(at('SPX', Date.UTC(2026, 6, 1, 12), 3), ['2026-07-02 20:00', '2026-07-10 20:00', '2026-07-17 20:00']);
    assert.deepEqual(at('SPX', Date.UTC(2026, 11, 1, 12), 3), ['2026-12-04 21:00', '2026-12-11 21:00', '2026-12-18 21:00']);
    // Clocks go forward on Sunday 8 March 2026 and back on Sunday 1 November 2026.
    assert.deepEqual(at('SPY', Date.UTC(2026, 2, 2, 12), 3), ['2026-03-06 21:00', '2026-03-13 20:00', '2026-03-20 20:00']);
    assert.deepEqual(at('AAPL', Date.UTC(2026, 9, 26, 12), 3), ['2026-10-30 20:00', '2026-11-06 21:00', '2026-11-13 21:00']);
    // Friday 6 March 2026, 20:30 UTC: still before the 21:00 UTC (16:00 EST) expiry.
    assert.equal(at('SPY', Date.UTC(2026, 2, 6, 20, 30), 1)[0], '2026-03-06 21:00');
    // Friday 13 March 2026, 20:30 UTC: 16:30 EDT, past it.
    assert.equal(at('SPY', Date.UTC(2026, 2, 13, 20, 30), 1)[0], '2026-03-20 20:00');
  });

  it('moves an expiry on an NYSE holiday to the trading day before: Good Friday on Thursday', () => {
    const list = listExpiries(underlyingSpec('SPX'), Date.UTC(2026, 2, 30, 12));
    const weeklies = list.filter((e) => e.kind === 'weekly').map((e) => `${e.expiry} ${e.root} ${iso(e.expiryTs)}`);
    assert.equal(weeklies[0], '2026-04-02 SPXW 2026-04-02T20:00:00.000Z'); // Good Friday is 3 April 2026
    assert.ok(!list.some((e) => e.expiry === '2026-04-03'));
    assert.equal(list.filter((e) => e.kind === 'weekly')[1]!.expiry, '2026-04-10');
    // April 2025: Good Friday was the third Friday, and the monthly expired on Thursday the 17th.
    const april2025 = listExpiries(underlyingSpec('SPX'), Date.UTC(2025, 3, 14, 12)).find((e) => e.kind === 'monthly')!;
    assert.deepEqual([april2025.expiry, iso(april2025.expiryTs)], ['2025-04-17', '2025-04-17T20:00:00.000Z']);
    assert.equal(occSymbol(april2025.root, april2025.expiry, 'call', 5000), 'SPX   250417C05000000');
  });

  it('keeps Thanksgiving-week Friday expiries, at the 13:00 New York early close, and moves Thursday ones to Wednesday', () => {
    const week = Date.UTC(2026, 10, 23, 15); // Monday 23 November 2026; Thanksgiving is Thursday the 26th
    const friday = listExpiries(underlyingSpec('SPY'), week)[0]!;
    assert.deepEqual([friday.expiry, iso(friday.expiryTs)], ['2026-11-27', '2026-11-27T18:00:00.000Z']);
    const thursday = listExpiries(underlyingSpec('SPY', { weeklyWeekday: 4 }), week)[0]!;
    assert.deepEqual([thursday.expiry, iso(thursday.expiryTs)], ['2026-11-25', '2026-11-25T21:00:00.000Z']);
    // Christmas 2026 is a Friday: that week's expiry is Thursday 24 December, an early close too.
    const christmas = listExpiries(underlyingSpec('SPY'), Date.UTC(2026, 11, 21, 15))[0]!;
    assert.deepEqual([christmas.expiry, iso(christmas.expiryTs)], ['2026-12-24', '2026-12-24T18:00:00.000Z']);
  });

  it('lists NSE weeklies on Tuesday by default and on a configured weekday, monthlies on the last one, at 15:30 IST', () => {
    const tuesday = listExpiries(underlyingSpec('NIFTY'), T0);
    assert.deepEqual(
      tuesday.map((e) => `${e.expiry} ${e.kind}`),
      [
        '2026-01-13 weekly',
        '2026-01-20 weekly',
        '2026-01-27 monthly',
        '2026-02-03 weekly',
        '2026-02-24 monthly',
        '2026-03-30 monthly', // Tuesday 31 March 2026 is an NSE holiday (Mahavir Jayanti): Monday
      ],
    );
    assert.ok(tuesday.every((e) => iso(e.expiryTs) === `${e.expiry}T10:00:00.000Z`));
    const banknifty = listExpiries(underlyingSpec('BANKNIFTY'), T0);
    assert.deepEqual(
      banknifty.filter((e) => e.kind === 'monthly').map((e) => `${e.expiry} ${e.root}`),
      ['2026-01-27 BNF', '2026-02-24 BNF', '2026-03-30 BNF'],
    );
    // The pre-September-2025 Thursday convention, configured: the NSE holidays of 2026 move it too.
    const thursday = listExpiries(underlyingSpec('NIFTY', { weeklyWeekday: 4 }), T0);
    assert.deepEqual(
      thursday.map((e) => `${e.expiry} ${e.kind}`),
      [
        '2026-01-08 weekly',
        '2026-01-14 weekly', // Thursday 15 January: Maharashtra municipal elections
        '2026-01-22 weekly',
        '2026-01-29 monthly',
        '2026-02-26 monthly',
        '2026-03-25 monthly', // Thursday 26 March: Ram Navami
      ],
    );
  });

  it('applies the NSE holiday list, and a configured one in its place', () => {
    const march = Date.UTC(2026, 1, 27, 12);
    const days = (overrides = {}) =>
      listExpiries(underlyingSpec('NIFTY', overrides), march)
        .slice(0, 5)
        .map((e) => e.expiry);
    // Tuesday 3 March is Holi and 31 March Mahavir Jayanti.
    assert.deepEqual(days(), ['2026-03-02', '2026-03-10', '2026-03-17', '2026-03-24', '2026-03-30']);
    assert.deepEqual(days({ holidays: [] }), ['2026-03-03', '2026-03-10', '2026-03-17', '2026-03-24', '2026-03-31']);
    assert.deepEqual(days({ holidays: ['2026-03-10', '2026-03-09'] }), [
      '2026-03-03',
      '2026-03-06',
      '2026-03-17',
      '2026-03-24',
      '2026-03-31',
    ]);
    for (const date of NSE_HOLIDAYS) assert.notEqual(new Date(`${date}T00:00:00Z`).getUTCDay() % 6, 0, `${date} is a weekday`);
  });

  it('lists crypto dailies and Friday weeklies at 08:00 UTC', () => {
    const list = listExpiries(underlyingSpec('BTC-USD'), T0);
    const dailies = list.filter((e) => e.kind === 'daily').map((e) => e.expiry);
    assert.deepEqual(dailies.slice(0, 3), ['2026-01-08', '2026-01-10', '2026-01-11']); // the 9th is a Friday weekly
    assert.deepEqual(
      list.filter((e) => e.kind === 'weekly').map((e) => e.expiry),
      ['2026-01-09', '2026-01-16', '2026-01-23'],
    );
    assert.ok(list.some((e) => e.kind === 'monthly' && e.expiry === '2026-01-30'));
    assert.ok(list.every((e) => new Date(e.expiryTs).toISOString().endsWith('T08:00:00.000Z')));
  });

  it('keeps crypto dailies every day at 08:00 UTC through DST changes and exchange holidays', () => {
    for (const ts of [Date.UTC(2026, 2, 5, 12), Date.UTC(2026, 3, 1, 12), Date.UTC(2026, 9, 29, 12), Date.UTC(2026, 11, 22, 12)]) {
      const list = listExpiries(underlyingSpec('BTC-USD'), ts);
      const first = list.slice(0, 7);
      const start = Math.floor(ts / 86_400_000) + 1;
      assert.deepEqual(
        first.map((e) => iso(e.expiryTs)),
        first.map((_, i) => `${iso((start + i) * 86_400_000).slice(0, 10)}T08:00:00.000Z`),
      );
    }
    // Good Friday and Christmas Day: Deribit lists them like any other Friday.
    assert.ok(listExpiries(underlyingSpec('BTC-USD'), Date.UTC(2026, 3, 1)).some((e) => e.expiry === '2026-04-03' && e.kind === 'weekly'));
    assert.ok(
      listExpiries(underlyingSpec('BTC-USD'), Date.UTC(2026, 11, 21)).some((e) => e.expiry === '2026-12-25' && e.kind === 'monthly'),
    );
  });

  it('never lists an exchange expiry on a weekend or a holiday, over two years', () => {
    const closed = new Set([...nyseHolidays(2026), ...nyseHolidays(2027)].map(dayToDate));
    for (let ts = Date.UTC(2026, 0, 1, 13); ts < Date.UTC(2028, 0, 1); ts += 3 * 86_400_000 + 3_600_000) {
      for (const symbol of ['SPX', 'AAPL', 'NIFTY', 'BANKNIFTY']) {
        const spec = underlyingSpec(symbol);
        for (const e of listExpiries(spec, ts)) {
          const wd = new Date(`${e.expiry}T00:00:00Z`).getUTCDay();
          assert.ok(wd >= 1 && wd <= 5, `${symbol} ${e.expiry}`);
          assert.ok(!(spec.market === 'us' ? closed.has(e.expiry) : NSE_HOLIDAYS.includes(e.expiry)), `${symbol} ${e.expiry}`);
          assert.ok(e.expiryTs > ts);
        }
      }
    }
  });
});

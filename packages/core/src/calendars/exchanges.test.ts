import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exchangeCalendar } from './exchanges.ts';
import { VIETNAM_EXCHANGE_HOLIDAYS } from './vietnam.ts';

const iso = (ts: number) => new Date(ts).toISOString();
const calendar = (code: string) => {
  const c = exchangeCalendar(code);
  assert.ok(c, code);
  return c;
};

describe('HOSE and HNX', () => {
  it('close for Tết 2024 from Thursday 8 to Wednesday 14 February, as HOSE announcement 1943/TB-SGDHCM published', () => {
    const hose = calendar('HOSE');
    assert.deepEqual(hose.tradingDays('2024-02-05', '2024-02-16'), ['2024-02-05', '2024-02-06', '2024-02-07', '2024-02-15', '2024-02-16']);
  });

  it('close on the holidays of the published lists and trade every other weekday', () => {
    for (const code of ['HOSE', 'HNX']) {
      const c = calendar(code);
      for (const [year, { closed }] of Object.entries(VIETNAM_EXCHANGE_HOLIDAYS)) {
        const days = c.tradingDays(`${year}-01-01`, `${year}-12-31`);
        const weekdays = Array.from({ length: 366 }, (_, i) => new Date(Date.UTC(Number(year), 0, 1 + i)))
          .filter((d) => d.getUTCFullYear() === Number(year) && d.getUTCDay() !== 0 && d.getUTCDay() !== 6)
          .map((d) => d.toISOString().slice(0, 10));
        assert.deepEqual(
          days,
          weekdays.filter((d) => !closed.includes(d)),
          `${code} ${year}`,
        );
        for (const d of closed) assert.ok(weekdays.includes(d), `${d} is a weekday`);
      }
    }
  });

  it('keep each year to the Labour Code: New Year, five Tết days, Hùng Kings, 30 April, 1 May and two National Days', () => {
    for (const [year, { closed }] of Object.entries(VIETNAM_EXCHANGE_HOLIDAYS)) {
      assert.ok(closed.includes(`${year}-01-01`), year);
      assert.ok(closed.length >= 11, `${year}: ${closed.length}`);
      assert.ok(
        closed.some((d) => d.startsWith(`${year}-09-0`)),
        year,
      );
    }
    const hose = calendar('HOSE');
    // 2025: Tết Ất Tỵ (lunar new year Wednesday 29 January), Hùng Kings Monday 7 April, National Day Monday 1 and Tuesday 2 September.
    assert.ok(!hose.isTradingDay('2025-01-29') && !hose.isTradingDay('2025-04-07') && !hose.isTradingDay('2025-09-01'));
    assert.ok(hose.isTradingDay('2025-02-03') && hose.isTradingDay('2025-04-08') && hose.isTradingDay('2025-09-03'));
    // 2026: Tết Bính Ngọ (lunar new year Tuesday 17 February), Hùng Kings on Sunday 26 April given back on Monday 27.
    assert.ok(!hose.isTradingDay('2026-02-17') && !hose.isTradingDay('2026-04-27') && hose.isTradingDay('2026-04-28'));
  });

  it('trade 09:00 to 14:45 in Ho Chi Minh City (UTC+7, no daylight saving) with a lunch break 11:30 to 13:00', () => {
    const s = calendar('HNX').session('2026-07-15');
    assert.ok(s);
    assert.equal(iso(s.open), '2026-07-15T02:00:00.000Z');
    assert.equal(iso(s.close), '2026-07-15T07:45:00.000Z');
    assert.deepEqual(
      s.breaks.map((b) => [iso(b.start), iso(b.end)]),
      [['2026-07-15T04:30:00.000Z', '2026-07-15T06:00:00.000Z']],
    );
    assert.equal(calendar('HOSE').session('2026-02-18'), undefined);
    assert.equal(calendar('HOSE').session('2026-07-18'), undefined); // a Saturday
    assert.equal(iso(calendar('HOSE').dayStart('2026-07-15')), '2026-07-14T17:00:00.000Z');
    assert.equal(calendar('HOSE').localDate(Date.UTC(2026, 6, 14, 17, 0)), '2026-07-15');
  });
});

describe('NYSE and Nasdaq', () => {
  it('trade 09:30 to 16:00 New York, 13:00 on an early close, not on a holiday', () => {
    const nasdaq = calendar('NASDAQ');
    const summer = nasdaq.session('2026-07-15');
    assert.ok(summer);
    assert.deepEqual(
      [iso(summer.open), iso(summer.close), summer.earlyClose],
      ['2026-07-15T13:30:00.000Z', '2026-07-15T20:00:00.000Z', false],
    );
    const winter = nasdaq.session('2026-12-15');
    assert.ok(winter);
    assert.deepEqual([iso(winter.open), iso(winter.close)], ['2026-12-15T14:30:00.000Z', '2026-12-15T21:00:00.000Z']);
    const blackFriday = calendar('NYSE').session('2026-11-27');
    assert.ok(blackFriday);
    assert.deepEqual([iso(blackFriday.close), blackFriday.earlyClose], ['2026-11-27T18:00:00.000Z', true]);
    assert.equal(nasdaq.session('2026-04-03'), undefined); // Good Friday
    // Thanksgiving week 2026: Thursday 26 November closed.
    assert.deepEqual(nasdaq.tradingDays('2026-11-23', '2026-11-29'), ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-27']);
  });

  it('refuses a malformed date', () => {
    assert.throws(() => calendar('NYSE').isTradingDay('2026-02-30'), RangeError);
    assert.equal(exchangeCalendar('LSE'), undefined);
  });
});

describe('crypto', () => {
  it('trades every day, midnight to midnight UTC', () => {
    const c = calendar('CRYPTO');
    assert.equal(c.tradingDays('2026-12-24', '2026-12-27').length, 4);
    const s = c.session('2026-12-25');
    assert.ok(s);
    assert.deepEqual([iso(s.open), iso(s.close)], ['2026-12-25T00:00:00.000Z', '2026-12-26T00:00:00.000Z']);
  });
});

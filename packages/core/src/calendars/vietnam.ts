/**
 * The days the Vietnamese stock exchanges (HOSE in Ho Chi Minh City, HNX in Hanoi) do not trade on
 * a weekday, as data. They follow no rule a program can compute: the public holidays of the Labour
 * Code 2019 (Article 112: New Year's Day; Tết, five days around the lunar new year; the Hùng Kings'
 * commemoration on the 10th day of the 3rd lunar month; Reunification Day 30 April; Labour Day 1 May;
 * National Day 2 September with a day beside it), where the lunar ones move every year, a holiday on
 * a weekend is given back on a weekday, and the Government swaps working days to join holidays to
 * weekends. Each December the exchanges publish the next year's closures; HOSE and HNX publish the
 * same days (the Vietnam Exchange sets one schedule for both).
 */

export interface HolidayYear {
  /** weekdays without trading, YYYY-MM-DD ascending */
  readonly closed: readonly string[];
  /** where the dates come from */
  readonly source: string;
}

export const VIETNAM_EXCHANGE_HOLIDAYS: Readonly<Record<number, HolidayYear>> = {
  2024: {
    source: 'HOSE announcement 1943/TB-SGDHCM of 7 December 2023 (trading schedule 2024); HNX the same days',
    closed: [
      '2024-01-01', // New Year's Day
      '2024-02-08', // Tết Giáp Thìn: Thursday 8 to Wednesday 14 February (lunar new year Saturday 10 February)
      '2024-02-09',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14',
      '2024-04-18', // Hùng Kings (10/3 lunar)
      '2024-04-29', // swapped for Saturday 4 May, joining the weekend to 30 April
      '2024-04-30', // Reunification Day
      '2024-05-01', // Labour Day
      '2024-09-02', // National Day
      '2024-09-03', // its second day
    ],
  },
  2025: {
    source: "HOSE and HNX trading schedules for 2025 (December 2024), after the Prime Minister's Tết Ất Tỵ and 30 April decisions",
    closed: [
      '2025-01-01', // New Year's Day
      '2025-01-27', // Tết Ất Tỵ: Monday 27 to Friday 31 January (lunar new year Wednesday 29 January)
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-04-07', // Hùng Kings (10/3 lunar)
      '2025-04-30', // Reunification Day
      '2025-05-01', // Labour Day
      '2025-05-02', // swapped for Saturday 26 April, joining the weekend
      '2025-09-01', // National Day's second day
      '2025-09-02', // National Day
    ],
  },
  2026: {
    source:
      "Labour Code 2019 Art. 112 with the Government's 2026 holiday notice (Tết Bính Ngọ 14-22 February); lunar dates from the Vietnamese lunar calendar",
    closed: [
      '2026-01-01', // New Year's Day
      '2026-02-16', // Tết Bính Ngọ: Monday 16 to Friday 20 February (lunar new year Tuesday 17 February)
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-27', // Hùng Kings (10/3 lunar falls on Sunday 26 April: given back on Monday)
      '2026-04-30', // Reunification Day
      '2026-05-01', // Labour Day
      '2026-09-01', // National Day's second day
      '2026-09-02', // National Day
    ],
  },
  2027: {
    source:
      'Labour Code 2019 Art. 112 applied to 2027 (provisional until the exchanges publish: lunar new year Saturday 6 February, 10/3 lunar Friday 16 April)',
    closed: [
      '2027-01-01', // New Year's Day
      '2027-02-05', // Tết Đinh Mùi: the last day of the old year and the first four of the new, the two on the weekend given back
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-04-16', // Hùng Kings (10/3 lunar)
      '2027-04-30', // Reunification Day
      '2027-05-03', // Labour Day falls on Saturday 1 May: given back on Monday
      '2027-09-02', // National Day
      '2027-09-03', // its second day
    ],
  },
};

/** Every listed closure, for a calendar's holiday set. */
export function vietnamExchangeHolidays(): string[] {
  return Object.values(VIETNAM_EXCHANGE_HOLIDAYS).flatMap((y) => y.closed);
}

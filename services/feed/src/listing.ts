import { CATALOG } from '@bourse/core';
import { checkTimeZone } from '@bourse/core';
import { type CalendarRule, dateToDay } from '@bourse/core/calendars';

/**
 * Listing specifications of the synthetic option chains: per market (US, NSE, crypto) the expiry
 * calendar, time zone, rate, multiplier and price ticks, per underlying its OCC roots, strike steps
 * and surface shape, and for any other CATALOG symbol conventions derived from its price.
 */

export type OptionMarket = 'us' | 'nse' | 'crypto';

/** How one underlying's options are listed and quoted. */
export interface UnderlyingSpec {
  readonly symbol: string;
  readonly market: OptionMarket;
  /** OCC root of monthly expiries */
  readonly root: string;
  /** OCC root of weekly and daily expiries (SPXW for SPX); default `root` */
  readonly weeklyRoot: string;
  /** strike step within `nearBand` (fraction of spot) of the money, and `farStep` beyond it */
  readonly step: number;
  readonly farStep: number;
  readonly nearBand: number;
  /** price ticks: `tick` below `tickThreshold`, `tickAbove` from it on */
  readonly tick: number;
  readonly tickAbove: number;
  readonly tickThreshold: number;
  readonly rate: number;
  readonly dividendYield: number;
  readonly multiplier: number;
  readonly currency: string;
  /** weekday of the weekly expiries (0 Sunday ... 6 Saturday) */
  readonly weeklyWeekday: number;
  /** how many daily, weekly and monthly expiries are listed ahead */
  readonly dailies: number;
  readonly weeklies: number;
  readonly monthlies: number;
  /** US: third Friday; NSE and crypto: last `weeklyWeekday` (NSE) or last Friday (crypto) of the month */
  readonly monthlyRule: 'third-friday' | 'last-weekday';
  /** the exchange's IANA time zone: expiry and session times are wall-clock times there (DST included) */
  readonly timeZone: string;
  /** expiry time of day, minutes after local midnight (an early close comes first on the days it applies) */
  readonly expiryMinutes: number;
  /** when the trading day starts, minutes after local midnight (volume counts from here) */
  readonly sessionOpenMinutes: number;
  /** which days trade: `nyse` (weekends and the NYSE holiday rules), `weekdays`, `every-day` */
  readonly calendar: CalendarRule;
  /**
   * Exchange holidays (YYYY-MM-DD) closed on top of `calendar`: configurable data for the markets whose
   * holidays follow no rule (NSE). An expiry listed on a day that does not trade moves to the trading day before.
   */
  readonly holidays: readonly string[];
  /** long-run ATM implied volatility */
  readonly atmVol: number;
  /** the underlying's own (GBM) volatility, to read its moves as shocks */
  readonly spotVol: number;
  /** SSVI correlation (skew): negative for equities, near zero for crypto */
  readonly skew: number;
  /** SSVI curvature η; the surface is free of static arbitrage while η(1 + |ρ|) ≤ 2 */
  readonly eta: number;
  /** open interest of an at-the-money front-month contract */
  readonly openInterest: number;
}

/**
 * NSE trading holidays (equity and equity derivatives) on weekdays: configurable data, not rules. 2026
 * as NSE published it (its circular of December 2025, plus 15 January for the Maharashtra municipal
 * elections, declared later); extend it each year, or replace it with `specs.<underlying>.holidays`.
 */
export const NSE_HOLIDAYS: readonly string[] = [
  '2026-01-15', // Municipal Corporation elections, Maharashtra
  '2026-01-26', // Republic Day
  '2026-03-03', // Holi
  '2026-03-26', // Shri Ram Navami
  '2026-03-31', // Shri Mahavir Jayanti
  '2026-04-03', // Good Friday
  '2026-04-14', // Dr. Baba Saheb Ambedkar Jayanti
  '2026-05-01', // Maharashtra Day
  '2026-05-28', // Bakri Id
  '2026-06-26', // Muharram
  '2026-09-14', // Ganesh Chaturthi
  '2026-10-02', // Mahatma Gandhi Jayanti
  '2026-10-20', // Dussehra
  '2026-11-10', // Diwali Balipratipada
  '2026-11-24', // Prakash Gurpurb Sri Guru Nanak Dev
  '2026-12-25', // Christmas
];

const MARKET: Record<
  OptionMarket,
  Pick<
    UnderlyingSpec,
    | 'weeklyWeekday'
    | 'dailies'
    | 'weeklies'
    | 'monthlies'
    | 'monthlyRule'
    | 'timeZone'
    | 'expiryMinutes'
    | 'sessionOpenMinutes'
    | 'calendar'
    | 'holidays'
    | 'rate'
    | 'multiplier'
    | 'tick'
    | 'tickAbove'
    | 'tickThreshold'
  >
> = {
  // 16:00 New York (20:00 UTC in summer, 21:00 in winter; 13:00 on NYSE early closes); weeklies every
  // Friday, monthlies on the third Friday, each on the Thursday before when the Friday is an NYSE holiday.
  us: {
    weeklyWeekday: 5,
    dailies: 0,
    weeklies: 5,
    monthlies: 6,
    monthlyRule: 'third-friday',
    timeZone: 'America/New_York',
    expiryMinutes: 16 * 60,
    sessionOpenMinutes: 9 * 60 + 30,
    calendar: 'nyse',
    holidays: [],
    rate: 0.045,
    multiplier: 100,
    tick: 0.01,
    tickAbove: 0.05,
    tickThreshold: 3,
  },
  // 15:30 IST (10:00 UTC, no DST); weeklies on Tuesday, monthlies on the month's last Tuesday, each on the
  // trading day before when that day is an NSE holiday. NSE moved its index expiries (NIFTY, BANKNIFTY) from
  // Thursday to Tuesday from September 2025 (`weeklyWeekday: 4` gives the old convention back). Since
  // November 2024 NIFTY is NSE's only index with weeklies; BANKNIFTY still lists synthetic ones here unless
  // configured with `weeklies: 0`.
  nse: {
    weeklyWeekday: 2,
    dailies: 0,
    weeklies: 4,
    monthlies: 3,
    monthlyRule: 'last-weekday',
    timeZone: 'Asia/Kolkata',
    expiryMinutes: 15 * 60 + 30,
    sessionOpenMinutes: 9 * 60 + 15,
    calendar: 'weekdays',
    holidays: NSE_HOLIDAYS,
    rate: 0.065,
    multiplier: 25,
    tick: 0.05,
    tickAbove: 0.05,
    tickThreshold: 0,
  },
  // 08:00 UTC (the Deribit convention): dailies, Friday weeklies, last-Friday monthlies.
  crypto: {
    weeklyWeekday: 5,
    dailies: 7,
    weeklies: 4,
    monthlies: 3,
    monthlyRule: 'last-weekday',
    timeZone: 'UTC',
    expiryMinutes: 8 * 60,
    sessionOpenMinutes: 0,
    calendar: 'every-day',
    holidays: [],
    rate: 0,
    multiplier: 1,
    tick: 0.5,
    tickAbove: 5,
    tickThreshold: 100,
  },
};

/** The listed underlyings' conventions; any other CATALOG symbol gets one derived from its price. */
const KNOWN: Record<string, Partial<UnderlyingSpec>> = {
  SPX: {
    root: 'SPX',
    weeklyRoot: 'SPXW',
    step: 5,
    farStep: 25,
    nearBand: 0.05,
    tick: 0.05,
    tickAbove: 0.1,
    dividendYield: 0.013,
    skew: -0.7,
    eta: 1.1,
    openInterest: 12_000,
  },
  SPY: { step: 1, farStep: 5, nearBand: 0.08, dividendYield: 0.013, skew: -0.7, eta: 1.1, openInterest: 40_000 },
  AAPL: { step: 2.5, farStep: 5, nearBand: 0.1, dividendYield: 0.005, skew: -0.4, eta: 1.2, openInterest: 25_000 },
  NIFTY: { step: 50, farStep: 100, nearBand: 0.05, dividendYield: 0.012, skew: -0.6, eta: 1.1, openInterest: 150_000, multiplier: 75 },
  // OCC roots have at most 6 characters: BANKNIFTY is listed as BNF.
  BANKNIFTY: {
    root: 'BNF',
    step: 100,
    farStep: 500,
    nearBand: 0.05,
    dividendYield: 0.01,
    skew: -0.55,
    eta: 1.2,
    openInterest: 80_000,
    multiplier: 30,
  },
  'BTC-USD': { root: 'BTC', step: 1000, farStep: 5000, nearBand: 0.15, dividendYield: 0, skew: 0.05, eta: 1.6, openInterest: 1_500 },
};

/** 1, 2.5 or 5 times a power of ten, the nearest to `x`. */
function niceStep(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  const m = x / p;
  return (m < 1.75 ? 1 : m < 3.75 ? 2.5 : m < 7.5 ? 5 : 10) * p;
}

/** The listing conventions of an underlying: the built-in ones, derived ones for other CATALOG symbols, then `overrides`. */
export function underlyingSpec(symbol: string, overrides: Partial<UnderlyingSpec> = {}): UnderlyingSpec {
  const entry = CATALOG.find((c) => c.symbol === symbol);
  if (entry === undefined) throw new RangeError(`no catalog instrument ${symbol} to list options on`);
  const market: OptionMarket =
    overrides.market ?? KNOWN[symbol]?.market ?? (entry.assetClass === 'crypto' ? 'crypto' : entry.currency === 'INR' ? 'nse' : 'us');
  const step = niceStep(entry.sim.price * 0.005);
  const derived: UnderlyingSpec = {
    symbol,
    market,
    root: symbol.replace(/[^A-Z0-9]/g, '').slice(0, 6),
    weeklyRoot: '',
    step,
    farStep: step * 2,
    nearBand: 0.08,
    dividendYield: entry.assetClass === 'crypto' ? 0 : 0.01,
    currency: entry.currency,
    atmVol: entry.sim.vol * 1.05,
    spotVol: entry.sim.vol,
    skew: entry.assetClass === 'crypto' ? 0 : -0.5,
    eta: 1.2,
    openInterest: 10_000,
    ...MARKET[market],
  };
  const spec = { ...derived, ...KNOWN[symbol], ...overrides } as UnderlyingSpec;
  const weeklyRoot = spec.weeklyRoot || spec.root;
  if (!(spec.eta * (1 + Math.abs(spec.skew)) <= 2)) throw new RangeError(`${symbol}: SSVI needs eta·(1 + |skew|) <= 2`);
  for (const key of ['expiryMinutes', 'sessionOpenMinutes'] as const) {
    if (!(Number.isInteger(spec[key]) && spec[key] >= 0 && spec[key] < 24 * 60)) {
      throw new RangeError(`${symbol}: ${key} must be whole minutes after local midnight, not ${spec[key]}`);
    }
  }
  try {
    checkTimeZone(spec.timeZone);
    for (const date of spec.holidays) dateToDay(date);
  } catch (err) {
    throw new RangeError(`${symbol}: ${(err as Error).message}`);
  }
  return { ...spec, weeklyRoot };
}

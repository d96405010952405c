import {
  CATALOG,
  type ChainExpiry,
  type ChainSide,
  type ChainSvi,
  type ExpiryKind,
  MAX_OCC_STRIKE,
  type OptionChainMessage,
  occSymbol,
} from '@bourse/core';
import { bsmPrice, sviImpliedVol } from '@bourse/quant/options';
import {
  type CalendarRule,
  checkTimeZone,
  DAY_MS,
  dateToDay,
  dayToDate,
  lastWeekday,
  TradingCalendar,
  thirdFriday,
  weekday,
  zonedDay,
} from './calendar.ts';
import { MS_PER_YEAR } from './market.ts';
import { mixSeed, Rng } from './random.ts';

/**
 * Synthetic option chains: listed expiries by each market's calendar, strikes at the market's
 * step around spot, an SSVI implied-volatility surface whose level mean-reverts and reacts to
 * the underlying's moves, prices by Black-Scholes-Merton from the live spot, and bid/ask,
 * volume and open interest that look like a real board. Pure and deterministic: the same seed
 * and the same sequence of (spot, time) calls give the same chains; no clock, no I/O.
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

export const DEFAULT_CHAIN_UNDERLYINGS = ['SPX', 'SPY', 'AAPL', 'NIFTY', 'BANKNIFTY', 'BTC-USD'] as const;

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

// ---- calendars -------------------------------------------------------------------------------

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

/** Most strikes one expiry may list. */
export const MAX_STRIKES = 2000;

/**
 * Strikes listed around `spot` for a chain whose strikes span ±`width` in log-moneyness: multiples of
 * `step` within `nearBand` of spot, of `farStep` beyond, on the 0.001 grid of OCC symbols (strikes of
 * 100,000 and more, BTC-USD's and VND stocks', are named with the wide strike field: see occSymbol).
 */
export function listStrikes(spec: UnderlyingSpec, spot: number, width: number): number[] {
  const lo = spot * Math.exp(-width);
  const hi = spot * Math.exp(width);
  const nearLo = spot * (1 - spec.nearBand);
  const nearHi = spot * (1 + spec.nearBand);
  // A chain lists at most a few hundred strikes: a spot the calendar's steps cannot span that way (a
  // corrupt price) is refused rather than looped over.
  const count = (nearLo - lo) / spec.farStep + (nearHi - nearLo) / spec.step + (hi - nearHi) / spec.farStep;
  if (!(spot > 0) || !Number.isFinite(spot) || !(count <= MAX_STRIKES)) {
    throw new RangeError(`cannot list strikes around spot ${spot}: about ${Math.round(count)} at steps ${spec.step}/${spec.farStep}`);
  }
  const out: number[] = [];
  const push = (k: number) => {
    const strike = Math.round(k * 1000) / 1000;
    if (strike > 0 && strike <= MAX_OCC_STRIKE && out.at(-1) !== strike) out.push(strike);
  };
  for (let i = Math.ceil(lo / spec.farStep); i * spec.farStep < nearLo; i++) push(i * spec.farStep);
  for (let i = Math.ceil(Math.max(lo, nearLo) / spec.step); i * spec.step <= Math.min(hi, nearHi); i++) push(i * spec.step);
  for (let i = Math.floor(nearHi / spec.farStep) + 1; i * spec.farStep <= hi; i++) push(i * spec.farStep);
  return out;
}

// ---- volatility surface ----------------------------------------------------------------------

/** Mean reversion of the short-end vol level (per year) and its own volatility (of log vol, per √year). */
const VOL_REVERSION = 12;
const VOL_OF_VOL = 1.5;
/** Spot-vol correlation: vol rises when the underlying falls (equities). */
const SPOT_VOL_CORRELATION = -0.7;
/** How fast the term structure goes from the short-end level to the long-run one (per year). */
const TERM_REVERSION = 4;
/** Strikes span this many ATM standard deviations, within [MIN_WIDTH, MAX_WIDTH] of log-moneyness. */
const WIDTH_SD = 3.5;
const MIN_WIDTH = 0.04;
const MAX_WIDTH = 0.4;

/**
 * ATM implied volatility at expiry T: variance goes from the short-end level σ₀² to the long-run σ∞²
 * as σ²(T) = σ∞² + (σ₀² − σ∞²)(1 − e^{−κT})/(κT); total variance σ²(T)·T then grows with T (no calendar arbitrage).
 */
export function atmTermVol(shortVol: number, longVol: number, timeToExpiry: number): number {
  const x = TERM_REVERSION * timeToExpiry;
  const decay = x < 1e-8 ? 1 - x / 2 : (1 - Math.exp(-x)) / x;
  return Math.sqrt(longVol * longVol + (shortVol * shortVol - longVol * longVol) * decay);
}

/**
 * The SSVI slice (Gatheral & Jacquier 2014) with ATM total variance θ = σ²T, correlation ρ and
 * power-law curvature φ(θ) = η/(θ^½(1 + θ)^½), written as raw SVI parameters over k = ln(K/F).
 */
export function ssviSlice(theta: number, rho: number, eta: number): ChainSvi {
  const phi = eta / Math.sqrt(theta * (1 + theta));
  return { a: (theta / 2) * (1 - rho * rho), b: (theta * phi) / 2, rho, m: -rho / phi, sigma: Math.sqrt(1 - rho * rho) / phi };
}

// ---- the generator ---------------------------------------------------------------------------

interface State {
  readonly spec: UnderlyingSpec;
  readonly rng: Rng;
  /** log of short-end vol over the long-run level: an Ornstein-Uhlenbeck process */
  x: number;
  lastSpot: number | undefined;
  lastTs: number | undefined;
  /** the trading day and the spot when it started: volume and open interest are shaped around it */
  day: number;
  daySpot: number;
  dayShortVol: number;
}

export interface ChainGeneratorOptions {
  /** BOURSE_SEED */
  readonly seed: number;
  readonly underlyings?: readonly string[];
  /** per-underlying overrides of the listing conventions (e.g. `{ BANKNIFTY: { weeklies: 0 } }`) */
  readonly specs?: Readonly<Record<string, Partial<UnderlyingSpec>>>;
}

/** A uniform number in [0, 1) from the seed and the parts: the same inputs, the same number. */
function hashUnit(...parts: (number | string)[]): number {
  return mixSeed(...parts) / 4294967296;
}

export class ChainGenerator {
  readonly seed: number;
  readonly #states = new Map<string, State>();

  constructor(options: ChainGeneratorOptions) {
    this.seed = options.seed;
    // An OCC root names one underlying's contracts: two underlyings sharing one would give two contracts one name.
    const rootOwner = new Map<string, string>();
    for (const symbol of options.underlyings ?? DEFAULT_CHAIN_UNDERLYINGS) {
      const spec = underlyingSpec(symbol, options.specs?.[symbol]);
      for (const root of [spec.root, spec.weeklyRoot]) {
        const owner = rootOwner.get(root);
        if (owner !== undefined && owner !== symbol) throw new RangeError(`OCC root ${root} of ${symbol} is already ${owner}'s`);
        rootOwner.set(root, symbol);
      }
      this.#states.set(symbol, {
        spec,
        rng: new Rng(mixSeed(options.seed, 'chains', symbol)),
        x: 0,
        lastSpot: undefined,
        lastTs: undefined,
        day: Number.NaN,
        daySpot: Number.NaN,
        dayShortVol: Number.NaN,
      });
    }
  }

  get underlyings(): string[] {
    return [...this.#states.keys()];
  }

  spec(symbol: string): UnderlyingSpec {
    return this.#state(symbol).spec;
  }

  /** Short-end ATM vol now (after the last `generate`). */
  shortVol(symbol: string): number {
    const s = this.#state(symbol);
    return s.spec.atmVol * Math.exp(s.x);
  }

  #state(symbol: string): State {
    const s = this.#states.get(symbol);
    if (s === undefined) throw new RangeError(`no option chains configured for ${symbol}`);
    return s;
  }

  /** Every listed expiry of `symbol` at time `ts` (epoch ms) with the underlying at `spot`. */
  generate(symbol: string, spot: number, ts: number): OptionChainMessage {
    if (!(spot > 0) || !Number.isFinite(ts)) throw new RangeError(`bad spot ${spot} or time ${ts} for ${symbol}`);
    const s = this.#state(symbol);
    const { spec } = s;
    this.#evolve(s, spot, ts);

    // The trading day runs from one session open (local time) to the next: 23 or 25 hours across a DST change.
    const calendar = tradingCalendar(spec);
    const clock = zonedDay(ts, spec.timeZone);
    let day = clock.minutes >= spec.sessionOpenMinutes ? clock.day : clock.day - 1;
    let dayStartTs = calendar.at(day, spec.sessionOpenMinutes);
    // A session open in a skipped hour lands past it: the local clock may read past it before it comes.
    if (dayStartTs > ts) dayStartTs = calendar.at(--day, spec.sessionOpenMinutes);
    const shortVol = spec.atmVol * Math.exp(s.x);
    if (day !== s.day) {
      s.day = day;
      s.daySpot = spot;
      s.dayShortVol = shortVol;
    }
    const progress = (ts - dayStartTs) / (calendar.at(day + 1, spec.sessionOpenMinutes) - dayStartTs);

    const expiries: ChainExpiry[] = [];
    let frontMonthly = true;
    for (const listed of listExpiries(spec, ts)) {
      const T = (listed.expiryTs - ts) / MS_PER_YEAR;
      const atmVol = atmTermVol(shortVol, spec.atmVol, T);
      const svi = ssviSlice(atmVol * atmVol * T, spec.skew, spec.eta);
      const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, WIDTH_SD * atmVol * Math.sqrt(T)));
      const strikes = listStrikes(spec, spot, width);
      const carry = Math.exp((spec.rate - spec.dividendYield) * T);
      const discount = Math.exp(-spec.rate * T);
      const forward = spot * carry;
      const sd = atmVol * Math.sqrt(T);
      // Positioning is shaped around the day's opening (forward, vol, time left), so volume only grows through the day.
      const dayT = (listed.expiryTs - dayStartTs) / MS_PER_YEAR;
      const dayForward = s.daySpot * Math.exp((spec.rate - spec.dividendYield) * dayT);
      const daySd = atmTermVol(s.dayShortVol, spec.atmVol, dayT) * Math.sqrt(dayT);
      const expiryWeight = (listed.kind === 'monthly' ? (frontMonthly ? 1 : 0.7) : listed.kind === 'weekly' ? 0.45 : 0.25) / (1 + 2 * dayT);
      const activity = 1 / (1 + 20 * dayT);
      if (listed.kind === 'monthly') frontMonthly = false;
      const sides = { call: emptySide(), put: emptySide() };
      for (const strike of strikes) {
        const k = Math.log(strike / forward);
        const vol = sviImpliedVol(svi, k, T);
        const zDay = Math.log(strike / dayForward) / daySd;
        const roundness = strike % (spec.farStep * 4) === 0 ? 2 : strike % spec.farStep === 0 ? 1.4 : 1;
        for (const type of ['call', 'put'] as const) {
          const side = sides[type];
          const mark = bsmPrice(type, spot, strike, T, vol, spec.rate, spec.dividendYield);
          const intrinsic = Math.max(0, type === 'call' ? forward - strike : strike - forward) * discount;
          const timeValue = Math.max(0, mark - intrinsic);
          const z = Math.abs(k) / sd;
          // Wider away from the money, in price and relative to the time value; never under one tick.
          const spread = 0.002 * mark + 0.01 * timeValue * (1 + Math.min(z, 5));
          const tick = mark < spec.tickThreshold ? spec.tick : spec.tickAbove;
          const bidUnits = Math.max(0, Math.floor((mark - spread / 2) / tick + 1e-9));
          const askUnits = Math.max(bidUnits + 1, Math.ceil((mark + spread / 2) / tick - 1e-9));
          // Customers buy downside puts and upside calls: out-of-the-money interest leans that way.
          const otm = type === 'call' ? zDay > 0 : zDay < 0;
          const lean = otm ? (type === 'put' && spec.skew < 0 ? 1.3 : 1) : 0.6;
          const shape = (0.85 * Math.exp((-zDay * zDay) / 2) + 0.15 * Math.exp(-Math.abs(zDay) / 1.5)) * lean * roundness;
          const occ = occSymbol(listed.root, listed.expiry, type, strike);
          const oiNoise = Math.exp(0.5 * (hashUnit(this.seed, occ) - 0.5) + 0.1 * (hashUnit(this.seed, occ, day) - 0.5));
          const openOi = Math.round(spec.openInterest * expiryWeight * shape * oiNoise);
          const volNoise = Math.exp(0.8 * (hashUnit(this.seed, occ, day, 'volume') - 0.5));
          const dailyVolume = spec.openInterest * 0.8 * activity * Math.exp(-zDay * zDay) * lean * volNoise;
          const volume = Math.floor(dailyVolume * progress);
          side.bid.push(gridValue(bidUnits, tick));
          side.ask.push(gridValue(askUnits, tick));
          side.mark.push(mark);
          side.volume.push(volume);
          side.openInterest.push(openOi + Math.floor(0.3 * volume));
          if (volume > 0) {
            const traded = Math.round((mark * (1 + 0.02 * (hashUnit(this.seed, occ, day, volume) - 0.5))) / tick);
            side.last.push(gridValue(Math.min(askUnits, Math.max(bidUnits, traded)), tick));
          } else {
            side.last.push(null);
          }
        }
      }
      expiries.push({ ...listed, timeToExpiry: T, forward, svi, strikes, call: sides.call, put: sides.put });
    }
    return {
      underlying: symbol,
      ts,
      spot,
      rate: spec.rate,
      dividendYield: spec.dividendYield,
      multiplier: spec.multiplier,
      currency: spec.currency,
      expiries,
    };
  }

  /**
   * Move the short-end vol level: an Ornstein-Uhlenbeck step in log vol over the time since the last
   * call, its shock correlated with the underlying's own standardised move (falls lift vol).
   */
  #evolve(s: State, spot: number, ts: number): void {
    const dt = s.lastTs === undefined ? 0 : Math.max(0, ts - s.lastTs) / MS_PER_YEAR;
    if (dt > 0 && s.lastSpot !== undefined) {
      const spotShock = Math.max(-4, Math.min(4, Math.log(spot / s.lastSpot) / (s.spec.spotVol * Math.sqrt(dt))));
      const own = s.rng.normal();
      const shock = SPOT_VOL_CORRELATION * spotShock + Math.sqrt(1 - SPOT_VOL_CORRELATION ** 2) * own;
      const decay = Math.exp(-VOL_REVERSION * dt);
      const sd = VOL_OF_VOL * Math.sqrt((1 - decay * decay) / (2 * VOL_REVERSION));
      s.x = Math.max(-1, Math.min(1.5, s.x * decay + sd * shock));
    }
    s.lastSpot = spot;
    s.lastTs = ts;
  }
}

function emptySide(): ChainSide {
  return { bid: [], ask: [], last: [], mark: [], volume: [], openInterest: [] };
}

/** units × tick without binary noise: 3 × 0.05 is 0.15, not 0.15000000000000002. */
function gridValue(units: number, tick: number): number {
  const perUnit = Math.round(1 / tick);
  return tick < 1 && Math.abs(1 / perUnit - tick) < 1e-12 ? units / perUnit : units * tick;
}

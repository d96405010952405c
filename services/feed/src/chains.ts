import { type ChainExpiry, type ChainSide, DEFAULT_CHAIN_UNDERLYINGS, type OptionChainMessage, occSymbol } from '@bourse/core';
import { bsmPrice, sviImpliedVol } from '@bourse/quant/options';
import { zonedDay } from '@bourse/core/calendars';
import { listExpiries, tradingCalendar } from './expiries.ts';
import { type UnderlyingSpec, underlyingSpec } from './listing.ts';
import { MS_PER_YEAR } from './market.ts';
import { mixSeed, Rng } from '@bourse/providers';
import { listStrikes, strikeWidth } from './strikes.ts';
import { atmTermVol, ShortEndVol, ssviSlice } from './volatility.ts';

/**
 * Synthetic option chains: listed expiries by each market's calendar (expiries.ts), strikes at the
 * market's step around spot (strikes.ts), an SSVI implied-volatility surface whose level mean-reverts
 * and reacts to the underlying's moves (volatility.ts), prices by Black-Scholes-Merton from the live
 * spot, and bid/ask, volume and open interest that look like a real board. Pure and deterministic:
 * the same seed and the same sequence of (spot, time) calls give the same chains; no clock, no I/O.
 */

interface State {
  readonly spec: UnderlyingSpec;
  readonly vol: ShortEndVol;
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
        vol: new ShortEndVol(spec.atmVol, spec.spotVol, new Rng(mixSeed(options.seed, 'chains', symbol))),
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
    return this.#state(symbol).vol.level;
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
    s.vol.evolve(spot, ts);

    // The trading day runs from one session open (local time) to the next: 23 or 25 hours across a DST change.
    const calendar = tradingCalendar(spec);
    const clock = zonedDay(ts, spec.timeZone);
    let day = clock.minutes >= spec.sessionOpenMinutes ? clock.day : clock.day - 1;
    let dayStartTs = calendar.at(day, spec.sessionOpenMinutes);
    // A session open in a skipped hour lands past it: the local clock may read past it before it comes.
    if (dayStartTs > ts) dayStartTs = calendar.at(--day, spec.sessionOpenMinutes);
    const shortVol = s.vol.level;
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
      const strikes = listStrikes(spec, spot, strikeWidth(atmVol, T));
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
}

function emptySide(): ChainSide {
  return { bid: [], ask: [], last: [], mark: [], volume: [], openInterest: [] };
}

/** units × tick without binary noise: 3 × 0.05 is 0.15, not 0.15000000000000002. */
function gridValue(units: number, tick: number): number {
  const perUnit = Math.round(1 / tick);
  return tick < 1 && Math.abs(1 / perUnit - tick) < 1e-12 ? units / perUnit : units * tick;
}

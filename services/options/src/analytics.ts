import { type ChainExpiry, type ChainSide, type OptionChainMessage, occSymbol } from '@bourse/core';
import {
  atmStraddle,
  bsmImpliedVol,
  type ChainStrike,
  GREEKS_STRIDE,
  gammaExposureByStrike,
  type ImpliedVolFailureReason,
  maxPain,
  type OptionType,
  priceAndGreeksInto,
  putCallRatio,
  riskReversalAndButterfly,
  type SmilePoint,
} from '@bourse/quant/options';

/**
 * Option analytics of one chain snapshot: IV and greeks per contract, then per expiry the
 * put/call ratios, max pain, ATM straddle, open-interest build-up, smile, 25-delta risk
 * reversal and butterfly, gamma exposure; across expiries the surface, term structure and
 * max pain. Pure: a chain message in, plain data out.
 */

/** Log-moneyness ln(K/F) within this many ATM standard deviations (σ√T) counts as at the money for the build-up. */
export const ATM_BAND_SD = 0.25;
/** The surface's grids: K/F and call delta. */
export const MONEYNESS_GRID = [0.8, 0.85, 0.9, 0.95, 0.975, 1, 1.025, 1.05, 1.1, 1.15, 1.2] as const;
export const DELTA_GRID = [0.1, 0.25, 0.5, 0.75, 0.9] as const;

/** One side of an expiry with what the service derives: IV from the mid and greeks at that IV (null where no IV). */
export interface EnrichedSide extends ChainSide {
  iv: (number | null)[];
  ivError: (ImpliedVolFailureReason | null)[];
  delta: (number | null)[];
  gamma: (number | null)[];
  vega: (number | null)[];
  theta: (number | null)[];
  rho: (number | null)[];
  vanna: (number | null)[];
  volga: (number | null)[];
  charm: (number | null)[];
}

export interface Buckets {
  itm: number;
  atm: number;
  otm: number;
}

export interface BuildUp {
  /** strikes from `lower` to `upper` count as at the money */
  atmBand: { lower: number; upper: number };
  calls: Buckets;
  puts: Buckets;
  /** change since the first snapshot of the UTC day this service saw; null on that snapshot */
  change: { calls: Buckets; puts: Buckets } | null;
}

export interface SmileRow {
  strike: number;
  moneyness: number;
  logMoneyness: number;
  callIv: number | null;
  putIv: number | null;
  /** the out-of-the-money side's IV (puts below the forward, calls from it up) */
  iv: number | null;
  /** call delta at `iv` */
  delta: number | null;
}

export interface ExpiryAnalytics {
  expiry: string;
  kind: string;
  timeToExpiry: number;
  forward: number;
  callOpenInterest: number;
  putOpenInterest: number;
  callVolume: number;
  putVolume: number;
  pcr: { byOpenInterest: number | null; byVolume: number | null };
  maxPain: { strike: number; payout: number } | null;
  atm: { strike: number; straddle: number | null } | null;
  /** IV at the forward (k = 0), linear in log-moneyness between the neighbouring strikes */
  atmIv: number | null;
  rr25: number | null;
  bf25: number | null;
  buildUp: BuildUp;
  smile: SmileRow[];
  gex: { strike: number; gex: number }[];
  totalGex: number;
  /** the surface row of this expiry: IV at MONEYNESS_GRID and at DELTA_GRID (null outside the quoted strikes) */
  byMoneyness: (number | null)[];
  byDelta: (number | null)[];
}

export interface EnrichedExpiry extends Omit<ChainExpiry, 'call' | 'put'> {
  call: EnrichedSide;
  put: EnrichedSide;
}

export interface ChainAnalytics {
  underlying: string;
  ts: number;
  spot: number;
  rate: number;
  dividendYield: number;
  multiplier: number;
  currency: string;
  expiries: EnrichedExpiry[];
  analytics: ExpiryAnalytics[];
  /** max pain of the open interest of every expiry together */
  maxPainAll: { strike: number; payout: number } | null;
}

const scratch = new Float64Array(GREEKS_STRIDE);

function enrichSide(chain: OptionChainMessage, e: ChainExpiry, type: OptionType): EnrichedSide {
  const side = e[type];
  const n = e.strikes.length;
  const out: EnrichedSide = {
    ...side,
    iv: new Array(n),
    ivError: new Array(n),
    delta: new Array(n),
    gamma: new Array(n),
    vega: new Array(n),
    theta: new Array(n),
    rho: new Array(n),
    vanna: new Array(n),
    volga: new Array(n),
    charm: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const mid = (side.bid[i]! + side.ask[i]!) / 2;
    const r = bsmImpliedVol(type, mid, chain.spot, e.strikes[i]!, e.timeToExpiry, chain.rate, chain.dividendYield);
    if (r.ok) {
      priceAndGreeksInto(
        scratch,
        0,
        type === 'call',
        chain.spot,
        e.strikes[i]!,
        e.timeToExpiry,
        r.volatility,
        chain.rate,
        chain.dividendYield,
        false,
      );
      out.iv[i] = r.volatility;
      out.ivError[i] = null;
      out.delta[i] = scratch[1]!;
      out.gamma[i] = scratch[2]!;
      out.vega[i] = scratch[3]!;
      out.theta[i] = scratch[4]!;
      out.rho[i] = scratch[6]!;
      out.vanna[i] = scratch[7]!;
      out.volga[i] = scratch[8]!;
      out.charm[i] = scratch[9]!;
    } else {
      out.iv[i] = null;
      out.ivError[i] = r.reason;
      for (const g of ['delta', 'gamma', 'vega', 'theta', 'rho', 'vanna', 'volga', 'charm'] as const) out[g][i] = null;
    }
  }
  return out;
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/** Linear interpolation of y at x over points sorted by x; null outside [x0, xn]. */
export function interpolate(xs: readonly number[], ys: readonly number[], x: number): number | null {
  for (let i = 1; i < xs.length; i++) {
    const x0 = xs[i - 1]!;
    const x1 = xs[i]!;
    if (x0 <= x && x <= x1) return x1 === x0 ? ys[i - 1]! : ys[i - 1]! + ((ys[i]! - ys[i - 1]!) * (x - x0)) / (x1 - x0);
  }
  return null;
}

function buckets(e: ChainExpiry, lower: number, upper: number): { calls: Buckets; puts: Buckets } {
  const calls = { itm: 0, atm: 0, otm: 0 };
  const puts = { itm: 0, atm: 0, otm: 0 };
  e.strikes.forEach((k, i) => {
    const c = e.call.openInterest[i]!;
    const p = e.put.openInterest[i]!;
    if (k < lower) {
      calls.itm += c;
      puts.otm += p;
    } else if (k > upper) {
      calls.otm += c;
      puts.itm += p;
    } else {
      calls.atm += c;
      puts.atm += p;
    }
  });
  return { calls, puts };
}

function diff(a: Buckets, b: Buckets): Buckets {
  return { itm: a.itm - b.itm, atm: a.atm - b.atm, otm: a.otm - b.otm };
}

export type DayOpen = Record<string, { calls: Buckets; puts: Buckets }>;

function expiryAnalytics(chain: OptionChainMessage, e: ChainExpiry, x: EnrichedExpiry, dayOpen: DayOpen | undefined): ExpiryAnalytics {
  const n = e.strikes.length;
  const rows: ChainStrike[] = e.strikes.map((strike, i) => ({
    strike,
    callOpenInterest: e.call.openInterest[i]!,
    putOpenInterest: e.put.openInterest[i]!,
    callVolume: e.call.volume[i]!,
    putVolume: e.put.volume[i]!,
    callPrice: (e.call.bid[i]! + e.call.ask[i]!) / 2,
    putPrice: (e.put.bid[i]! + e.put.ask[i]!) / 2,
    callGamma: x.call.gamma[i] ?? 0,
    putGamma: x.put.gamma[i] ?? 0,
  }));

  const smile: SmileRow[] = [];
  const smilePoints: SmilePoint[] = [];
  const ks: number[] = [];
  const ivs: number[] = [];
  for (let i = 0; i < n; i++) {
    const strike = e.strikes[i]!;
    const logMoneyness = Math.log(strike / e.forward);
    const iv = strike < e.forward ? x.put.iv[i]! : x.call.iv[i]!;
    let delta: number | null = null;
    if (iv !== null) {
      priceAndGreeksInto(scratch, 0, true, chain.spot, strike, e.timeToExpiry, iv, chain.rate, chain.dividendYield, false);
      delta = scratch[1]!;
      smilePoints.push({ delta, volatility: iv });
      ks.push(logMoneyness);
      ivs.push(iv);
    }
    smile.push({ strike, moneyness: strike / e.forward, logMoneyness, callIv: x.call.iv[i]!, putIv: x.put.iv[i]!, iv, delta });
  }
  const atmIv = interpolate(ks, ivs, 0);
  const skew = riskReversalAndButterfly(smilePoints);
  const byDelta = [...smilePoints].sort((a, b) => a.delta - b.delta);
  const deltas = byDelta.map((p) => p.delta);
  const deltaVols = byDelta.map((p) => p.volatility);

  // At the money: within ATM_BAND_SD standard deviations of the forward, and always the strike nearest it.
  const atm = atmStraddle(rows, e.forward);
  const half = ATM_BAND_SD * (atmIv ?? 0) * Math.sqrt(e.timeToExpiry);
  let lower = e.forward * Math.exp(-half);
  let upper = e.forward * Math.exp(half);
  if (atm !== null) {
    lower = Math.min(lower, atm.strike);
    upper = Math.max(upper, atm.strike);
  }
  const now = buckets(e, lower, upper);
  const open = dayOpen?.[e.expiry];
  const gex = gammaExposureByStrike(rows, chain.spot, chain.multiplier);
  const pcr = putCallRatio(rows);
  return {
    expiry: e.expiry,
    kind: e.kind,
    timeToExpiry: e.timeToExpiry,
    forward: e.forward,
    callOpenInterest: sum(e.call.openInterest),
    putOpenInterest: sum(e.put.openInterest),
    callVolume: sum(e.call.volume),
    putVolume: sum(e.put.volume),
    pcr: { byOpenInterest: pcr.byOpenInterest, byVolume: pcr.byVolume },
    maxPain: maxPain(rows),
    atm,
    atmIv,
    rr25: skew?.riskReversal ?? null,
    bf25: skew?.butterfly ?? null,
    buildUp: {
      atmBand: { lower, upper },
      ...now,
      change: open ? { calls: diff(now.calls, open.calls), puts: diff(now.puts, open.puts) } : null,
    },
    smile,
    gex,
    totalGex: sum(gex.map((g) => g.gex)),
    byMoneyness: MONEYNESS_GRID.map((m) => interpolate(ks, ivs, Math.log(m))),
    byDelta: DELTA_GRID.map((d) => interpolate(deltas, deltaVols, d)),
  };
}

/** Analytics of a chain snapshot; `dayOpen` is the OI build-up at the day's first snapshot, by expiry. */
export function analyseChain(chain: OptionChainMessage, dayOpen?: DayOpen): ChainAnalytics {
  const expiries: EnrichedExpiry[] = [];
  const analytics: ExpiryAnalytics[] = [];
  const oiByStrike = new Map<number, ChainStrike>();
  for (const e of chain.expiries) {
    const x: EnrichedExpiry = { ...e, call: enrichSide(chain, e, 'call'), put: enrichSide(chain, e, 'put') };
    expiries.push(x);
    analytics.push(expiryAnalytics(chain, e, x, dayOpen));
    e.strikes.forEach((strike, i) => {
      const row = oiByStrike.get(strike) ?? { strike, callOpenInterest: 0, putOpenInterest: 0, callVolume: 0, putVolume: 0 };
      row.callOpenInterest += e.call.openInterest[i]!;
      row.putOpenInterest += e.put.openInterest[i]!;
      oiByStrike.set(strike, row);
    });
  }
  return {
    underlying: chain.underlying,
    ts: chain.ts,
    spot: chain.spot,
    rate: chain.rate,
    dividendYield: chain.dividendYield,
    multiplier: chain.multiplier,
    currency: chain.currency,
    expiries,
    analytics,
    maxPainAll: maxPain([...oiByStrike.values()].sort((a, b) => a.strike - b.strike)),
  };
}

/** The OI build-up buckets of every expiry: what `analyseChain` compares later snapshots of the day with. */
export function dayOpenOf(a: ChainAnalytics): DayOpen {
  const out: DayOpen = {};
  for (const x of a.analytics) out[x.expiry] = { calls: x.buildUp.calls, puts: x.buildUp.puts };
  return out;
}

/** OCC symbol of contract `i` of an expiry. */
export function contractSymbol(e: { root: string; expiry: string; strikes: readonly number[] }, type: OptionType, i: number): string {
  return occSymbol(e.root, e.expiry, type, e.strikes[i]!);
}

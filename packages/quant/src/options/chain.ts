// Analytics of one option chain (one underlying, one expiry). Pure functions over plain rows, so the options
// service can compute them on every chain update and store the results as history.

/** One strike of a chain: both sides, with open interest, volume, mid prices and (optionally) implied vols. */
export interface ChainStrike {
  strike: number;
  callOpenInterest: number;
  putOpenInterest: number;
  callVolume: number;
  putVolume: number;
  callPrice?: number;
  putPrice?: number;
  /** Gamma of one contract (per unit of underlying), same for call and put under BSM. */
  callGamma?: number;
  putGamma?: number;
}

export interface PutCallRatio {
  /** Put OI / call OI; null when no call open interest. A high ratio reads as hedging demand or bearish positioning. */
  byOpenInterest: number | null;
  /** Put volume / call volume for the session; null when no call volume. */
  byVolume: number | null;
}

export function putCallRatio(chain: readonly ChainStrike[]): PutCallRatio {
  let callOi = 0;
  let putOi = 0;
  let callVol = 0;
  let putVol = 0;
  for (const row of chain) {
    callOi += row.callOpenInterest;
    putOi += row.putOpenInterest;
    callVol += row.callVolume;
    putVol += row.putVolume;
  }
  return { byOpenInterest: callOi > 0 ? putOi / callOi : null, byVolume: callVol > 0 ? putVol / callVol : null };
}

/**
 * Max pain: the settlement price, among the listed strikes, at which option holders collect the least intrinsic
 * value in total (so writers pay the least). Payout at settlement P is Σ callOI·max(P−K, 0) + putOI·max(K−P, 0).
 * Computed in O(n) over sorted strikes with running sums; ties resolve to the lowest strike. Null on an empty chain.
 */
export function maxPain(chain: readonly ChainStrike[]): { strike: number; payout: number } | null {
  const n = chain.length;
  if (n === 0) return null;
  const rows = isSortedByStrike(chain) ? chain : [...chain].sort((a, b) => a.strike - b.strike);
  // Calls below P pay (P − K): track Σ OI and Σ OI·K over strikes < P; puts above P likewise from the right.
  let totalPutOi = 0;
  let totalPutOiK = 0;
  for (const row of rows) {
    totalPutOi += row.putOpenInterest;
    totalPutOiK += row.putOpenInterest * row.strike;
  }
  let callOi = 0;
  let callOiK = 0;
  let putOiBelow = 0;
  let putOiKBelow = 0;
  let best = Number.POSITIVE_INFINITY;
  let bestStrike = rows[0]!.strike;
  for (const row of rows) {
    const p = row.strike;
    // Strikes strictly below p contribute calls; strikes at or above p contribute puts (K − p = 0 at p itself).
    const callPayout = callOi * p - callOiK;
    const putPayout = totalPutOiK - putOiKBelow - (totalPutOi - putOiBelow) * p;
    const payout = callPayout + putPayout;
    if (payout < best) {
      best = payout;
      bestStrike = p;
    }
    callOi += row.callOpenInterest;
    callOiK += row.callOpenInterest * row.strike;
    putOiBelow += row.putOpenInterest;
    putOiKBelow += row.putOpenInterest * row.strike;
  }
  return { strike: bestStrike, payout: best };
}

function isSortedByStrike(chain: readonly ChainStrike[]): boolean {
  for (let i = 1; i < chain.length; i++) if (chain[i]!.strike < chain[i - 1]!.strike) return false;
  return true;
}

/** The listed strike nearest the forward (or spot), and the price of the straddle there: the market's expected move. */
export function atmStraddle(chain: readonly ChainStrike[], forward: number): { strike: number; straddle: number | null } | null {
  let best: ChainStrike | undefined;
  for (const row of chain) if (best === undefined || Math.abs(row.strike - forward) < Math.abs(best.strike - forward)) best = row;
  if (best === undefined) return null;
  const straddle = best.callPrice !== undefined && best.putPrice !== undefined ? best.callPrice + best.putPrice : null;
  return { strike: best.strike, straddle };
}

/**
 * Dealer gamma exposure by strike, in currency per 1% move of the underlying, under the common convention that
 * dealers are long the calls and short the puts customers hold: GEX = (Γ_call·OI_call − Γ_put·OI_put)·multiplier·S²·0.01.
 * Positive total GEX means dealer hedging dampens moves; negative means it amplifies them.
 */
export function gammaExposureByStrike(chain: readonly ChainStrike[], spot: number, multiplier = 100): { strike: number; gex: number }[] {
  const scale = multiplier * spot * spot * 0.01;
  return chain.map((row) => ({
    strike: row.strike,
    gex: ((row.callGamma ?? 0) * row.callOpenInterest - (row.putGamma ?? 0) * row.putOpenInterest) * scale,
  }));
}

/** A point of a volatility smile in delta space: call delta in (0, 1) and its implied volatility. */
export interface SmilePoint {
  delta: number;
  volatility: number;
}

/**
 * 25-delta risk reversal and butterfly from a smile quoted by call delta: RR = σ(25Δ call) − σ(25Δ put) and
 * BF = (σ(25Δ call) + σ(25Δ put))/2 − σ(ATM), where the 25Δ put is the 0.75 call delta (put-call delta parity
 * without dividends) and ATM is the 0.5 call delta. Vols at those deltas are linearly interpolated; null if the
 * smile does not span them. RR measures skew (negative: puts bid, the equity norm), BF the wings' convexity.
 */
export function riskReversalAndButterfly(smile: readonly SmilePoint[]): { riskReversal: number; butterfly: number; atm: number } | null {
  const sorted = [...smile].sort((a, b) => a.delta - b.delta);
  const call25 = interpolate(sorted, 0.25);
  const put25 = interpolate(sorted, 0.75);
  const atm = interpolate(sorted, 0.5);
  if (call25 === null || put25 === null || atm === null) return null;
  return { riskReversal: call25 - put25, butterfly: 0.5 * (call25 + put25) - atm, atm };
}

function interpolate(sorted: readonly SmilePoint[], delta: number): number | null {
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (a.delta <= delta && delta <= b.delta) {
      if (b.delta === a.delta) return a.volatility;
      return a.volatility + ((b.volatility - a.volatility) * (delta - a.delta)) / (b.delta - a.delta);
    }
  }
  return null;
}

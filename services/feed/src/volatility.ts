import type { ChainSvi } from '@bourse/core';
import { MS_PER_YEAR } from './market.ts';
import type { Rng } from '@bourse/providers';

/**
 * The volatility model of the synthetic chains: a short-end ATM vol level that mean-reverts and
 * reacts to the underlying's moves, a term structure from it to the long-run level, and an SSVI
 * smile at each expiry.
 */

/** Mean reversion of the short-end vol level (per year) and its own volatility (of log vol, per √year). */
const VOL_REVERSION = 12;
const VOL_OF_VOL = 1.5;
/** Spot-vol correlation: vol rises when the underlying falls (equities). */
const SPOT_VOL_CORRELATION = -0.7;
/** How fast the term structure goes from the short-end level to the long-run one (per year). */
const TERM_REVERSION = 4;

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

/**
 * One underlying's short-end ATM vol: `longVol` times e^x, where x (log of the level over the long-run
 * one) is an Ornstein-Uhlenbeck process whose shocks are correlated with the underlying's own
 * standardised moves (falls lift vol).
 */
export class ShortEndVol {
  #x = 0;
  #lastSpot: number | undefined;
  #lastTs: number | undefined;

  constructor(
    readonly longVol: number,
    /** the underlying's own (GBM) volatility, to read its moves as shocks */
    readonly spotVol: number,
    private readonly rng: Rng,
  ) {}

  /** The level now (after the last `evolve`). */
  get level(): number {
    return this.longVol * Math.exp(this.#x);
  }

  /** One exact OU step over the time since the last call, with the underlying now at `spot`. */
  evolve(spot: number, ts: number): void {
    const dt = this.#lastTs === undefined ? 0 : Math.max(0, ts - this.#lastTs) / MS_PER_YEAR;
    if (dt > 0 && this.#lastSpot !== undefined) {
      const spotShock = Math.max(-4, Math.min(4, Math.log(spot / this.#lastSpot) / (this.spotVol * Math.sqrt(dt))));
      const own = this.rng.normal();
      const shock = SPOT_VOL_CORRELATION * spotShock + Math.sqrt(1 - SPOT_VOL_CORRELATION ** 2) * own;
      const decay = Math.exp(-VOL_REVERSION * dt);
      const sd = VOL_OF_VOL * Math.sqrt((1 - decay * decay) / (2 * VOL_REVERSION));
      this.#x = Math.max(-1, Math.min(1.5, this.#x * decay + sd * shock));
    }
    this.#lastSpot = spot;
    this.#lastTs = ts;
  }
}

export type OptionType = 'call' | 'put';

/** Price and sensitivities of one European option. Units: vega per 1.00 of volatility, theta per year of calendar time, rho per 1.00 of rate. */
export interface Greeks {
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  /** ∂V/∂t as calendar time passes (per year); negative for a long option that decays. */
  theta: number;
  /** theta / 365. */
  thetaPerDay: number;
  rho: number;
  /** ∂²V/∂S∂σ = ∂delta/∂σ. */
  vanna: number;
  /** ∂²V/∂σ² = ∂vega/∂σ (also called vomma). */
  volga: number;
  /** ∂delta/∂t as calendar time passes (per year). */
  charm: number;
}

/** Index of each greek in a Float64Array written by priceAndGreeksInto. */
export const GreekIndex = {
  price: 0,
  delta: 1,
  gamma: 2,
  vega: 3,
  theta: 4,
  thetaPerDay: 5,
  rho: 6,
  vanna: 7,
  volga: 8,
  charm: 9,
} as const;

/** Number of slots per option in a Float64Array written by priceAndGreeksInto. */
export const GREEKS_STRIDE = 10;

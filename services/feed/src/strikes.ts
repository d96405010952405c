import { MAX_OCC_STRIKE } from '@bourse/core';
import type { UnderlyingSpec } from './listing.ts';

/** Strikes span this many ATM standard deviations, within [MIN_WIDTH, MAX_WIDTH] of log-moneyness. */
const WIDTH_SD = 3.5;
const MIN_WIDTH = 0.04;
const MAX_WIDTH = 0.4;

/** How far the strikes of an expiry reach, in log-moneyness either side of spot, at ATM vol `atmVol` and `timeToExpiry` years. */
export function strikeWidth(atmVol: number, timeToExpiry: number): number {
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, WIDTH_SD * atmVol * Math.sqrt(timeToExpiry)));
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

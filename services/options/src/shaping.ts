import { NotFoundError } from '@bourse/core';
import type { Static } from 'typebox';
import { type ChainAnalytics, contractSymbol, type EnrichedExpiry, type EnrichedSide } from './analytics.ts';
import type { Contract } from './schemas.ts';

/** Answers shaped from the latest analysed chain: the snapshot header, one expiry, one contract. */

/** The index of `expiry` among the chain's expiries; the nearest when none is asked for. */
export function pickExpiry(a: ChainAnalytics, expiry: string | undefined): number {
  if (a.expiries.length === 0) throw new NotFoundError(`no listed expiries for ${a.underlying}`);
  if (expiry === undefined) return 0;
  const i = a.expiries.findIndex((e) => e.expiry === expiry);
  if (i < 0) throw new NotFoundError(`${a.underlying} has no expiry ${expiry}; listed: ${a.expiries.map((e) => e.expiry).join(', ')}`);
  return i;
}

/** Every expiry's analytics, or the one asked for. */
export function analyticsOf(a: ChainAnalytics, expiry: string | undefined): ChainAnalytics['analytics'] {
  return expiry === undefined ? a.analytics : [a.analytics[pickExpiry(a, expiry)]!];
}

/** The header of every answer read from the latest chain (see fromLatestChain). */
export function snapshotOf(a: ChainAnalytics) {
  return { underlying: a.underlying, ts: a.ts, spot: a.spot };
}

export function contractAt(e: EnrichedExpiry, type: 'call' | 'put', i: number): Static<typeof Contract> {
  const s: EnrichedSide = e[type];
  const theta = s.theta[i] ?? null;
  return {
    symbol: contractSymbol(e, type, i),
    bid: s.bid[i]!,
    ask: s.ask[i]!,
    last: s.last[i] ?? null,
    mid: (s.bid[i]! + s.ask[i]!) / 2,
    volume: s.volume[i]!,
    openInterest: s.openInterest[i]!,
    iv: s.iv[i] ?? null,
    ivError: s.ivError[i] ?? null,
    delta: s.delta[i] ?? null,
    gamma: s.gamma[i] ?? null,
    vega: s.vega[i] ?? null,
    theta,
    thetaPerDay: theta === null ? null : theta / 365,
    rho: s.rho[i] ?? null,
    vanna: s.vanna[i] ?? null,
    volga: s.volga[i] ?? null,
    charm: s.charm[i] ?? null,
  };
}

export function expiryHead(e: EnrichedExpiry) {
  return { expiry: e.expiry, expiryTs: e.expiryTs, kind: e.kind, root: e.root, timeToExpiry: e.timeToExpiry, forward: e.forward };
}

/** Dealer gamma exposure summed by strike over the given expiries, by ascending strike. */
export function gexByStrike(analytics: ChainAnalytics['analytics']): { strike: number; gex: number }[] {
  const byStrike = new Map<number, number>();
  for (const x of analytics) {
    for (const g of x.gex) byStrike.set(g.strike, (byStrike.get(g.strike) ?? 0) + g.gex);
  }
  return [...byStrike.entries()].sort((p, q) => p[0] - q[0]).map(([strike, gex]) => ({ strike, gex }));
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atmStraddle, type ChainStrike, gammaExposureByStrike, maxPain, putCallRatio, riskReversalAndButterfly } from './chain.ts';
import { sviButterflyArbitrage, sviImpliedVol, sviTotalVariance, surfaceVolatility } from './surface.ts';

function row(strike: number, callOpenInterest: number, putOpenInterest: number, callVolume = 0, putVolume = 0): ChainStrike {
  return { strike, callOpenInterest, putOpenInterest, callVolume, putVolume };
}

describe('chain analytics', () => {
  it('computes put/call ratios by open interest and by volume', () => {
    const chain = [row(90, 100, 300, 10, 40), row(100, 200, 100, 30, 20)];
    assert.deepEqual(putCallRatio(chain), { byOpenInterest: 400 / 300, byVolume: 60 / 40 });
    assert.deepEqual(putCallRatio([row(100, 0, 5)]), { byOpenInterest: null, byVolume: null });
  });

  it('finds max pain where holders are paid least', () => {
    // Hand computation, payout at P = Σ callOI·(P−K)+ + putOI·(K−P)+:
    //   P=90: puts 100·10 + 50·20 = 2000; P=100: calls 10·10 + puts 50·10 = 600; P=110: calls 10·20 + 200·10 = 2200.
    const chain = [row(110, 0, 50), row(90, 10, 0), row(100, 200, 100)];
    assert.deepEqual(maxPain(chain), { strike: 100, payout: 600 });
    assert.equal(maxPain([]), null);
  });

  it('matches a brute-force max pain on a random chain', () => {
    const chain = Array.from({ length: 41 }, (_, i) => row(80 + i, (i * 37) % 500, (i * 91) % 700));
    let best = Number.POSITIVE_INFINITY;
    let bestK = 0;
    for (const p of chain) {
      let payout = 0;
      for (const r of chain)
        payout += r.callOpenInterest * Math.max(p.strike - r.strike, 0) + r.putOpenInterest * Math.max(r.strike - p.strike, 0);
      if (payout < best) {
        best = payout;
        bestK = p.strike;
      }
    }
    assert.deepEqual(maxPain(chain), { strike: bestK, payout: best });
  });

  it('picks the strike nearest the forward and prices its straddle', () => {
    const chain: ChainStrike[] = [
      { ...row(95, 0, 0), callPrice: 7, putPrice: 2 },
      { ...row(100, 0, 0), callPrice: 4, putPrice: 4.5 },
    ];
    assert.deepEqual(atmStraddle(chain, 99), { strike: 100, straddle: 8.5 });
  });

  it('signs gamma exposure long calls, short puts, per 1% move', () => {
    const chain: ChainStrike[] = [{ ...row(100, 10, 4), callGamma: 0.02, putGamma: 0.02 }];
    // (0.02·10 − 0.02·4)·100·100²·0.01 = 0.12·10000 = 1200
    assert.ok(Math.abs(gammaExposureByStrike(chain, 100)[0]!.gex - 1200) < 1e-9);
  });

  it('derives the 25-delta risk reversal and butterfly', () => {
    const smile = [
      { delta: 0.1, volatility: 0.18 },
      { delta: 0.25, volatility: 0.19 },
      { delta: 0.5, volatility: 0.2 },
      { delta: 0.75, volatility: 0.23 },
      { delta: 0.9, volatility: 0.26 },
    ];
    const r = riskReversalAndButterfly(smile)!;
    assert.ok(Math.abs(r.riskReversal - -0.04) < 1e-15);
    assert.ok(Math.abs(r.butterfly - 0.01) < 1e-15);
    assert.equal(riskReversalAndButterfly([{ delta: 0.4, volatility: 0.2 }]), null);
  });
});

describe('SVI and surface', () => {
  const p = { a: 0.04, b: 0.4, rho: -0.4, m: 0, sigma: 0.1 };

  it('evaluates raw SVI total variance by hand', () => {
    // k = 0.1: 0.04 + 0.4·(−0.4·0.1 + √(0.01 + 0.01)) = 0.04 + 0.4·(−0.04 + 0.1414213562)
    assert.ok(Math.abs(sviTotalVariance(p, 0.1) - (0.04 + 0.4 * (-0.04 + Math.sqrt(0.02)))) < 1e-16);
    assert.ok(Math.abs(sviImpliedVol(p, 0, 0.5) - Math.sqrt((0.04 + 0.04) / 0.5)) < 1e-15);
  });

  it('accepts an arbitrage-free slice and flags one with too steep wings', () => {
    assert.equal(sviButterflyArbitrage(p).arbitrageFree, true);
    // b·(1+|ρ|) > 4 breaks Roger Lee's moment bound and makes the density negative.
    const steep = sviButterflyArbitrage({ a: 0.001, b: 3, rho: -0.9, m: 0, sigma: 0.05 });
    assert.equal(steep.arbitrageFree, false);
    assert.ok(steep.minG < 0);
  });

  it('interpolates linearly in total variance across expiry and in moneyness within a slice', () => {
    const slices = [
      { timeToExpiry: 0.25, logMoneyness: [-0.1, 0, 0.1], totalVariance: [0.012, 0.01, 0.011] },
      { timeToExpiry: 1, logMoneyness: [-0.1, 0, 0.1], totalVariance: [0.048, 0.04, 0.044] },
    ];
    // T = 0.625 is halfway: w = (0.01 + 0.04)/2 = 0.025 at k = 0.
    assert.ok(Math.abs(surfaceVolatility(slices, 0.625, 0) - Math.sqrt(0.025 / 0.625)) < 1e-15);
    // k = 0.05 on the first slice: w = 0.0105.
    assert.ok(Math.abs(surfaceVolatility(slices, 0.25, 0.05) - Math.sqrt(0.0105 / 0.25)) < 1e-15);
  });
});

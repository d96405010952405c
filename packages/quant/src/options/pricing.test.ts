import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { normPdf } from './normal.ts';
import { black76Price, bsmPrice, priceAndGreeks, priceAndGreeksInto } from './pricing.ts';
import { GREEKS_STRIDE, GreekIndex, type OptionType } from './types.ts';

interface BsmRow {
  type: OptionType;
  spot: number;
  strike: number;
  t: number;
  vol: number;
  r: number;
  q: number;
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  theta: number;
  rho: number;
  iv: number | null;
}
interface Black76Row {
  type: OptionType;
  forward: number;
  strike: number;
  t: number;
  vol: number;
  r: number;
  price: number;
  delta: number;
  gamma: number;
  vega: number;
  iv: number | null;
}
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/quantlib.json', import.meta.url), 'utf8')) as {
  bsm: BsmRow[];
  black76: Black76Row[];
};

/** Within 1e-10 absolute, or relative once the value exceeds 1. */
function close(actual: number, expected: number, what: string, tol = 1e-10): void {
  const err = Math.abs(actual - expected) / Math.max(1, Math.abs(expected));
  assert.ok(err <= tol, `${what}: ${actual} vs ${expected} (err ${err})`);
}

describe('BSM price and greeks', () => {
  it('match QuantLib on the fixture grid within 1e-10', () => {
    for (const row of fixtures.bsm) {
      const g = priceAndGreeks({
        type: row.type,
        spot: row.spot,
        strike: row.strike,
        timeToExpiry: row.t,
        volatility: row.vol,
        rate: row.r,
        dividendYield: row.q,
      });
      const at = `${row.type} S=${row.spot} K=${row.strike} T=${row.t} vol=${row.vol} r=${row.r} q=${row.q}`;
      close(g.price, row.price, `price ${at}`);
      close(g.delta, row.delta, `delta ${at}`);
      close(g.gamma, row.gamma, `gamma ${at}`);
      close(g.vega, row.vega, `vega ${at}`);
      close(g.theta, row.theta, `theta ${at}`);
      close(g.thetaPerDay, row.theta / 365, `thetaPerDay ${at}`);
      close(g.rho, row.rho, `rho ${at}`);
      close(bsmPrice(row.type, row.spot, row.strike, row.t, row.vol, row.r, row.q), row.price, `bsmPrice ${at}`);
    }
  });

  it('writes the same numbers into a Float64Array at an offset', () => {
    const out = new Float64Array(3 * GREEKS_STRIDE);
    priceAndGreeksInto(out, GREEKS_STRIDE, false, 100, 110, 0.25, 0.3, 0.04, 0.01, false);
    const g = priceAndGreeks({ type: 'put', spot: 100, strike: 110, timeToExpiry: 0.25, volatility: 0.3, rate: 0.04, dividendYield: 0.01 });
    assert.equal(out[GREEKS_STRIDE + GreekIndex.price], g.price);
    assert.equal(out[GREEKS_STRIDE + GreekIndex.charm], g.charm);
    assert.equal(out[0], 0);
  });

  it('returns the discounted intrinsic value at zero volatility', () => {
    const g = priceAndGreeks({ type: 'call', spot: 100, strike: 90, timeToExpiry: 1, volatility: 0, rate: 0.05, dividendYield: 0.02 });
    close(g.price, 100 * Math.exp(-0.02) - 90 * Math.exp(-0.05), 'price');
    close(g.delta, Math.exp(-0.02), 'delta');
    assert.equal(g.gamma, 0);
  });

  // Hand point (Haug, "The Complete Guide to Option Pricing Formulas", 2nd ed., generalised BSM greeks):
  // S=100, K=95, T=0.5, vol=0.25, r=0.05, q=0.02. vanna = −e^{−qT}φ(d1)d2/σ, volga = vega·d1·d2/σ,
  // charm = q·e^{−qT}N(d1) − e^{−qT}φ(d1)·(2(r−q)T − d2σ√T)/(2Tσ√T) (call, per year of calendar time).
  it('computes vanna, volga and charm equal to the closed forms and to finite differences of delta and vega', () => {
    const S = 100;
    const K = 95;
    const T = 0.5;
    const vol = 0.25;
    const r = 0.05;
    const q = 0.02;
    const sq = Math.sqrt(T);
    const d1 = (Math.log(S / K) + (r - q + 0.5 * vol * vol) * T) / (vol * sq);
    const d2 = d1 - vol * sq;
    const dq = Math.exp(-q * T);
    const ncdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
    const vega = S * dq * normPdf(d1) * sq;
    const g = priceAndGreeks({ type: 'call', spot: S, strike: K, timeToExpiry: T, volatility: vol, rate: r, dividendYield: q });
    close(g.vanna, (-dq * normPdf(d1) * d2) / vol, 'vanna closed form', 1e-14);
    close(g.volga, (vega * d1 * d2) / vol, 'volga closed form', 1e-13);
    close(
      g.charm,
      q * dq * ncdf(d1) - (dq * normPdf(d1) * (2 * (r - q) * T - d2 * vol * sq)) / (2 * T * vol * sq),
      'charm closed form',
      1e-12,
    );
    const at = (s: number, t: number, v: number) =>
      priceAndGreeks({ type: 'call', spot: s, strike: K, timeToExpiry: t, volatility: v, rate: r, dividendYield: q });
    const h = 1e-5;
    close(g.vanna, (at(S, T, vol + h).delta - at(S, T, vol - h).delta) / (2 * h), 'vanna fd', 1e-8);
    close(g.volga, (at(S, T, vol + h).vega - at(S, T, vol - h).vega) / (2 * h), 'volga fd', 1e-7);
    // Calendar time passing shortens T.
    close(g.charm, -(at(S, T + h, vol).delta - at(S, T - h, vol).delta) / (2 * h), 'charm fd', 1e-8);
    const put = priceAndGreeks({ type: 'put', spot: S, strike: K, timeToExpiry: T, volatility: vol, rate: r, dividendYield: q });
    close(put.charm, -(at(S, T + h, vol).delta - at(S, T - h, vol).delta) / (2 * h) - q * dq, 'put charm = call charm − q·e^{−qT}', 1e-8);
    assert.equal(put.vanna, g.vanna);
  });

  it('satisfies put-call parity C − P = S·e^{−qT} − K·e^{−rT}', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.double({ min: 1 / 365, max: 5, noNaN: true }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        fc.double({ min: -0.01, max: 0.1, noNaN: true }),
        fc.double({ min: 0, max: 0.08, noNaN: true }),
        (S, m, T, vol, r, q) => {
          const K = S * m;
          const c = priceAndGreeks({ type: 'call', spot: S, strike: K, timeToExpiry: T, volatility: vol, rate: r, dividendYield: q });
          const p = priceAndGreeks({ type: 'put', spot: S, strike: K, timeToExpiry: T, volatility: vol, rate: r, dividendYield: q });
          const parity = S * Math.exp(-q * T) - K * Math.exp(-r * T);
          return Math.abs(c.price - p.price - parity) <= 1e-12 * (S + K) && Math.abs(c.delta - p.delta - Math.exp(-q * T)) <= 1e-14;
        },
      ),
      { numRuns: 10000, seed: 20261211 },
    );
  });

  it('is monotone in volatility and inside the no-arbitrage bounds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<OptionType>('call', 'put'),
        fc.double({ min: 0.2, max: 5, noNaN: true }),
        fc.double({ min: 1 / 365, max: 5, noNaN: true }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        fc.double({ min: 1.0001, max: 1.5, noNaN: true }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.double({ min: 0, max: 0.08, noNaN: true }),
        (type, m, T, vol, bump, r, q) => {
          const S = 100;
          const K = S * m;
          const lo = bsmPrice(type, S, K, T, vol, r, q);
          const hi = bsmPrice(type, S, K, T, vol * bump, r, q);
          const sd = S * Math.exp(-q * T);
          const kd = K * Math.exp(-r * T);
          const intrinsic = Math.max(type === 'call' ? sd - kd : kd - sd, 0);
          const upper = type === 'call' ? sd : kd;
          const slack = 1e-14 * upper;
          return hi >= lo && lo >= intrinsic - slack && hi <= upper + slack;
        },
      ),
      { numRuns: 10000, seed: 20261212 },
    );
  });
});

describe('Black-76 price and greeks', () => {
  it('match QuantLib BlackCalculator within 1e-10', () => {
    for (const row of fixtures.black76) {
      const g = priceAndGreeks({
        model: 'black76',
        type: row.type,
        spot: row.forward,
        strike: row.strike,
        timeToExpiry: row.t,
        volatility: row.vol,
        rate: row.r,
      });
      const at = `${row.type} F=${row.forward} K=${row.strike} T=${row.t} vol=${row.vol} r=${row.r}`;
      close(g.price, row.price, `price ${at}`);
      close(g.delta, row.delta, `delta ${at}`);
      close(g.gamma, row.gamma, `gamma ${at}`);
      close(g.vega, row.vega, `vega ${at}`);
      close(black76Price(row.type, row.forward, row.strike, row.t, row.vol, row.r), row.price, `black76Price ${at}`);
    }
  });

  it('has theta = r·V − e^{−rT}·F·φ(d1)·σ/(2√T) and rho = −T·V with the forward held fixed', () => {
    const F = 4500;
    const K = 4600;
    const T = 0.3;
    const vol = 0.2;
    const r = 0.045;
    const g = priceAndGreeks({ model: 'black76', type: 'call', spot: F, strike: K, timeToExpiry: T, volatility: vol, rate: r });
    const d1 = (Math.log(F / K) + 0.5 * vol * vol * T) / (vol * Math.sqrt(T));
    close(g.theta, r * g.price - (Math.exp(-r * T) * F * normPdf(d1) * vol) / (2 * Math.sqrt(T)), 'theta');
    close(g.rho, -T * g.price, 'rho');
  });
});

/** Abramowitz-Stegun 7.1.26 is too coarse here; a series is exact enough for the hand point (|x| < 3). */
function erf(x: number): number {
  let sum = x;
  let term = x;
  for (let n = 1; n < 100; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

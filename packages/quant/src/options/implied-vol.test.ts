import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { black76ImpliedVol, bsmImpliedVol } from './implied-vol.ts';
import { black76Price, bsmPrice } from './pricing.ts';
import type { OptionType } from './types.ts';

interface Row {
  type: OptionType;
  spot?: number;
  forward?: number;
  strike: number;
  t: number;
  vol: number;
  r: number;
  q?: number;
  price: number;
  iv: number | null;
}
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/quantlib.json', import.meta.url), 'utf8')) as { bsm: Row[]; black76: Row[] };

/**
 * Where 'no_time_value' is the right answer (implied-vol.ts): an in-the-money time value within the rounding of the
 * intrinsic value (4 ulps of max(F, K)), or a normalised price P/√(FK) below the smallest normal double.
 */
function noTimeValueJustified(type: OptionType, undiscounted: number, F: number, K: number): boolean {
  const intrinsic = Math.max(type === 'call' ? F - K : K - F, 0);
  const timeValue = undiscounted - intrinsic;
  if (intrinsic > 0 && timeValue <= 4 * Number.EPSILON * Math.max(F, K)) return true;
  return timeValue / (Math.sqrt(F) * Math.sqrt(K)) < 2.2250738585072014e-308;
}

function volOf(result: ReturnType<typeof bsmImpliedVol>): number {
  assert.ok(result.ok, `expected a volatility, got ${JSON.stringify(result)}`);
  return result.volatility;
}

describe('implied volatility', () => {
  it('matches QuantLib impliedVolatility within 1e-10 on the BSM fixture grid', () => {
    let compared = 0;
    for (const row of fixtures.bsm) {
      if (row.iv === null) continue;
      const iv = volOf(bsmImpliedVol(row.type, row.price, row.spot!, row.strike, row.t, row.r, row.q!));
      assert.ok(Math.abs(iv - row.iv) <= 1e-10, `${JSON.stringify(row)}: ${iv}`);
      compared++;
    }
    assert.ok(compared > 1500, `only ${compared} rows compared`);
  });

  it('matches QuantLib blackFormulaImpliedStdDev within 1e-10 on the Black-76 grid', () => {
    for (const row of fixtures.black76) {
      if (row.iv === null) continue;
      const iv = volOf(black76ImpliedVol(row.type, row.price, row.forward!, row.strike, row.t, row.r));
      assert.ok(Math.abs(iv - row.iv) <= 1e-10, `${JSON.stringify(row)}: ${iv}`);
    }
  });

  it('reprices every QuantLib price with time value to within 1e-12 relative', () => {
    for (const row of fixtures.bsm) {
      const result = bsmImpliedVol(row.type, row.price, row.spot!, row.strike, row.t, row.r, row.q!);
      if (!result.ok) {
        assert.equal(result.reason, 'no_time_value', JSON.stringify(row));
        continue;
      }
      const repriced = bsmPrice(row.type, row.spot!, row.strike, row.t, result.volatility, row.r, row.q!);
      assert.ok(Math.abs(repriced - row.price) <= 1e-12 * row.price, `${JSON.stringify(row)}: ${repriced}`);
    }
  });

  it('inverts its own price: IV(price(sigma)) reprices within 1e-12 relative, deep ITM/OTM, 1 day to 5 years', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<OptionType>('call', 'put'),
        fc.double({ min: -2.5, max: 2.5, noNaN: true }),
        fc.double({ min: Math.log(1 / 365), max: Math.log(5), noNaN: true }),
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        fc.double({ min: -0.01, max: 0.1, noNaN: true }),
        fc.double({ min: 0, max: 0.08, noNaN: true }),
        (type, logMoneyness, logT, vol, r, q) => {
          const S = 100;
          const K = S * Math.exp(logMoneyness);
          const T = Math.exp(logT);
          const price = bsmPrice(type, S, K, T, vol, r, q);
          const result = bsmImpliedVol(type, price, S, K, T, r, q);
          if (!result.ok) {
            return result.reason === 'no_time_value' && noTimeValueJustified(type, price / Math.exp(-r * T), S * Math.exp((r - q) * T), K);
          }
          const repriced = bsmPrice(type, S, K, T, result.volatility, r, q);
          return Math.abs(repriced - price) <= 1e-12 * price;
        },
      ),
      { numRuns: 20000, seed: 20261201 },
    );
  });

  it('recovers sigma itself within 1e-10 where vega is not negligible', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<OptionType>('call', 'put'),
        fc.double({ min: 0.9, max: 1.1, noNaN: true }),
        fc.double({ min: 30 / 365, max: 5, noNaN: true }),
        fc.double({ min: 0.1, max: 2, noNaN: true }),
        (type, m, T, vol) => {
          const iv = bsmImpliedVol(type, bsmPrice(type, 100, 100 * m, T, vol, 0.03, 0.01), 100, 100 * m, T, 0.03, 0.01);
          return iv.ok && Math.abs(iv.volatility - vol) <= 1e-10;
        },
      ),
      { numRuns: 5000, seed: 20261202 },
    );
  });

  it('returns a volatility for every price strictly inside the bounds with time value', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<OptionType>('call', 'put'),
        fc.double({ min: 0.3, max: 3, noNaN: true }),
        fc.double({ min: 1 / 365, max: 5, noNaN: true }),
        fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }),
        (type, m, T, u) => {
          const F = 100;
          const K = F * m;
          const intrinsic = Math.max(type === 'call' ? F - K : K - F, 0);
          const upper = type === 'call' ? F : K;
          const price = intrinsic + u * (upper - intrinsic);
          if (!(price > intrinsic && price < upper)) return true;
          const result = black76ImpliedVol(type, price, F, K, T, 0);
          if (!result.ok) return false;
          const repriced = black76Price(type, F, K, T, result.volatility, 0);
          return Math.abs(repriced - price) <= 1e-12 * price;
        },
      ),
      { numRuns: 5000, seed: 20261123 },
    );
  });

  it('reprices near-the-money, tiny-time-value and 1-day in-the-money quotes within 1e-12, forwards 0.01 to 100,000', () => {
    // Prices are placed between the bounds on a log scale of the time value (down to 1e-15 of the room left), with
    // strikes within 1e-3, 5% or e^±3 of the forward. A time value within the rounding of the intrinsic value
    // (4 ulps of max(F, K)) is "no time value" by definition (see implied-vol.ts); everything above it must solve.
    fc.assert(
      fc.property(
        fc.constantFrom<OptionType>('call', 'put'),
        fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        fc.oneof(
          fc.double({ min: -1e-3, max: 1e-3, noNaN: true }),
          fc.double({ min: -0.05, max: 0.05, noNaN: true }),
          fc.double({ min: -3, max: 3, noNaN: true }),
        ),
        fc.oneof(fc.constant(Math.log(1 / 365)), fc.double({ min: Math.log(1 / 365), max: Math.log(5), noNaN: true })),
        fc.double({ min: Math.log(1e-15), max: Math.log(1 - 1e-9), noNaN: true }),
        fc.double({ min: -0.01, max: 0.1, noNaN: true }),
        (type, F, logMoneyness, logT, logShare, r) => {
          const K = F * Math.exp(logMoneyness);
          const T = Math.exp(logT);
          const discount = Math.exp(-r * T);
          const intrinsic = Math.max(type === 'call' ? F - K : K - F, 0);
          const upper = type === 'call' ? F : K;
          const price = discount * (intrinsic + Math.exp(logShare) * (upper - intrinsic));
          const result = black76ImpliedVol(type, price, F, K, T, r);
          const timeValue = price / discount - intrinsic;
          // Rounding can land the discounted price on or outside a bound: then it must not solve.
          if (!(timeValue > 0 && price / discount < upper)) return !result.ok;
          if (noTimeValueJustified(type, price / discount, F, K)) return !result.ok && result.reason === 'no_time_value';
          if (!result.ok) return false;
          return Math.abs(black76Price(type, F, K, T, result.volatility, r) - price) <= 1e-12 * price;
        },
      ),
      { numRuns: 30000, seed: 20261203 },
    );
  });

  it('inverts prices deep in the Gaussian tail (h = ln(F/K)/s from −40 to 0) within 1e-12', () => {
    // A price 1e-300 of the forward is still a double with full precision; the round trip has to hold there too.
    fc.assert(
      fc.property(
        fc.constantFrom<OptionType>('call', 'put'),
        fc.double({ min: 0.01, max: 1e5, noNaN: true }),
        fc.oneof(fc.double({ min: -1e-6, max: 1e-6, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true })),
        fc.double({ min: -40, max: -0.05, noNaN: true }),
        fc.double({ min: Math.log(1 / 365), max: Math.log(5), noNaN: true }),
        (type, F, logMoneyness, h, logT) => {
          const K = F * Math.exp(logMoneyness);
          const T = Math.exp(logT);
          const x = Math.abs(Math.log(F / K));
          const vol = x / -h / Math.sqrt(T);
          const price = black76Price(type, F, K, T, vol, 0.02);
          if (!(x > 0 && price > 0)) return true;
          const result = black76ImpliedVol(type, price, F, K, T, 0.02);
          // Near h = 0 the volatility is large enough for the price to round onto the upper bound: within the
          // bound's own rounding (4 ulps of max(F, K)) it is at the bound.
          const room = (type === 'call' ? F : K) - price / Math.exp(-0.02 * T);
          if (!result.ok) {
            if (result.reason === 'no_time_value') return noTimeValueJustified(type, price / Math.exp(-0.02 * T), F, K);
            return result.reason === 'above_upper_bound' && room <= 4 * Number.EPSILON * Math.max(F, K);
          }
          return Math.abs(black76Price(type, F, K, T, result.volatility, 0.02) - price) <= 1e-12 * price;
        },
      ),
      { numRuns: 20000, seed: 20261204 },
    );
  });

  it('reprices a just-in-the-money 1-day call with 1e-7 of time value within 1e-12', () => {
    // Found by the inside-the-bounds property: the price function took the intrinsic value as √(FK)·2·sinh(x/2)
    // with x = ln(F/K) rounded after the quotient, 1.4e-12 relative off for F/K = 1.00008; it now adds F − K
    // to the out-of-the-money value, as the solver splits the price, so the round trip is exact to a few ulps.
    const F = 100;
    const K = F * 0.999920239959731;
    const T = 1 / 365;
    const price = F - K + 1e-9 * (F - (F - K));
    const result = black76ImpliedVol('call', price, F, K, T, 0);
    assert.ok(result.ok);
    assert.ok(Math.abs(black76Price('call', F, K, T, result.volatility, 0) - price) <= 1e-12 * price);
    // And the put struck one ulp away from the forward, whose intrinsic value is 1.4e-14 (x was off by half).
    const Fp = 38.13471227378201;
    const Kp = 38.134712273782014;
    const putPrice = Kp - Fp + 6.910244694866219e-14 * Fp;
    const put = black76ImpliedVol('put', putPrice, Fp, Kp, 1, 0);
    assert.ok(put.ok);
    assert.ok(Math.abs(black76Price('put', Fp, Kp, 1, put.volatility, 0) - putPrice) <= 1e-12 * putPrice);
  });

  it('reports no_time_value only where double precision cannot carry one', () => {
    // 1. An in-the-money time value within 4 ulps of max(F, K): the undiscounted intrinsic value F − K is itself
    //    uncertain by that much (the forward S·e^{(r−q)T} and the undiscounting P/e^{−rT} each round by an ulp or
    //    so), so such a price is indistinguishable from the intrinsic value and any volatility would be noise.
    const F = 100;
    const K = 99;
    const ulp = 2 ** -46; // one ulp of 100
    assert.deepEqual(black76ImpliedVol('call', F - K + 3 * ulp, F, K, 1, 0), { ok: false, reason: 'no_time_value' });
    const resolved = black76ImpliedVol('call', F - K + 16 * ulp, F, K, 1, 0);
    assert.ok(resolved.ok);
    assert.equal(black76Price('call', F, K, 1, resolved.volatility, 0), F - K + 16 * ulp);
    // 2. A normalised price P/√(FK) below the smallest normal double (2.2e-308): the Gaussian factor of the price
    //    underflows and subnormals carry fewer than 52 bits, so neither the solver nor the price function can
    //    resolve it to 1e-12.
    assert.deepEqual(black76ImpliedVol('call', 1e-307, 100, 200, 1, 0), { ok: false, reason: 'no_time_value' });
    const tail = black76ImpliedVol('call', 1e-300, 100, 200, 1, 0);
    assert.ok(tail.ok);
    assert.ok(Math.abs(black76Price('call', 100, 200, 1, tail.volatility, 0) - 1e-300) <= 1e-12 * 1e-300);
  });

  it('reports below_intrinsic, above_upper_bound and no_time_value instead of NaN', () => {
    const df = Math.exp(-0.05);
    const fwd = 100 * Math.exp(0.05);
    assert.deepEqual(bsmImpliedVol('call', (fwd - 90) * df - 0.01, 100, 90, 1, 0.05, 0), { ok: false, reason: 'below_intrinsic' });
    assert.deepEqual(bsmImpliedVol('call', 100.5, 100, 90, 1, 0.05, 0), { ok: false, reason: 'above_upper_bound' });
    assert.deepEqual(bsmImpliedVol('put', 90 * df, 100, 90, 1, 0.05, 0), { ok: false, reason: 'above_upper_bound' });
    assert.deepEqual(bsmImpliedVol('put', 0, 100, 90, 1, 0.05, 0), { ok: false, reason: 'no_time_value' });
    assert.deepEqual(bsmImpliedVol('put', -1, 100, 90, 1, 0.05, 0), { ok: false, reason: 'below_intrinsic' });
    // A 1-day, 5% vol call 50% in the money: its time value is far below one ulp of the price.
    const deep = bsmPrice('call', 100, 50, 1 / 365, 0.05, 0.05, 0);
    assert.deepEqual(bsmImpliedVol('call', deep, 100, 50, 1 / 365, 0.05, 0), { ok: false, reason: 'no_time_value' });
    assert.deepEqual(black76ImpliedVol('call', Number.NaN, 100, 90, 1, 0), { ok: false, reason: 'below_intrinsic' });
  });
});

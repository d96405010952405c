import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ChainExpiry, type OptionChainMessage, occSymbol, parseOccSymbol } from '@bourse/core';
import { bsmImpliedVol, bsmPrice, priceAndGreeks, sviButterflyArbitrage, sviImpliedVol } from '@bourse/quant/options';
import { ChainGenerator } from './chains.ts';
import { listExpiries } from './expiries.ts';
import { underlyingSpec } from './listing.ts';
import { listStrikes } from './strikes.ts';
import { ssviSlice } from './volatility.ts';
import { MS_PER_YEAR } from './market.ts';

// Wednesday 7 January 2026, 18:00 UTC.
const T0 = Date.UTC(2026, 0, 7, 18, 0);
const SPOT: Record<string, number> = { SPX: 5782.1, SPY: 578.4, AAPL: 228.5, NIFTY: 24180.8, BANKNIFTY: 51530.5, 'BTC-USD': 67250 };

const iso = (ts: number) => new Date(ts).toISOString();

function onGrid(x: number, step: number): boolean {
  const k = x / step;
  return Math.abs(k - Math.round(k)) < 1e-9;
}

function chainsAt(seed: number, ts = T0): OptionChainMessage[] {
  const g = new ChainGenerator({ seed });
  return g.underlyings.map((u) => g.generate(u, SPOT[u]!, ts));
}

/** Each contract of an expiry with its OTM/ITM standard-deviation distance from the forward. */
function* contracts(e: ChainExpiry) {
  const sd = Math.sqrt(sviImpliedVol(e.svi, 0, e.timeToExpiry) ** 2 * e.timeToExpiry);
  for (let i = 0; i < e.strikes.length; i++) {
    const z = Math.log(e.strikes[i]! / e.forward) / sd;
    for (const type of ['call', 'put'] as const) yield { i, type, strike: e.strikes[i]!, z, side: e[type] };
  }
}

describe('ChainGenerator', () => {
  it('gives identical chains for the same seed and calls, different ones for another seed', () => {
    const run = (seed: number) => {
      const g = new ChainGenerator({ seed, underlyings: ['SPX', 'BTC-USD'] });
      const out = [];
      for (let i = 0; i < 5; i++) {
        out.push(g.generate('SPX', 5782.1 * (1 + 0.001 * Math.sin(i)), T0 + i * 5000));
        out.push(g.generate('BTC-USD', 67250 * (1 - 0.002 * i), T0 + i * 5000));
      }
      return JSON.stringify(out);
    };
    assert.equal(run(42), run(42));
    assert.notEqual(run(42), run(43));
  });

  it('prices to the expiry instant in the exchange time zone: timeToExpiry from it', () => {
    const g = new ChainGenerator({ seed: 42, underlyings: ['SPX', 'NIFTY', 'BTC-USD'] });
    const ts = Date.UTC(2026, 6, 1, 14, 30); // Wednesday 1 July 2026, 10:30 New York
    const spx = g.generate('SPX', 5782.1, ts);
    const front = spx.expiries[0]!;
    assert.deepEqual([front.expiry, front.expiryTs], ['2026-07-02', Date.UTC(2026, 6, 2, 20)]); // Friday 3 July is a holiday
    for (const chain of [spx, g.generate('NIFTY', 24180.8, ts), g.generate('BTC-USD', 67250, ts)]) {
      assert.deepEqual(
        chain.expiries.map((e) => [e.expiryTs, e.timeToExpiry]),
        listExpiries(underlyingSpec(chain.underlying), ts).map((e) => [e.expiryTs, (e.expiryTs - ts) / MS_PER_YEAR]),
      );
    }
    assert.equal(front.timeToExpiry, (29.5 * 3_600_000) / MS_PER_YEAR);
  });

  it('starts the trading day at the local session open, summer time included', () => {
    const volume = (c: OptionChainMessage) => c.expiries.reduce((s, e) => s + e.call.volume.reduce((a, b) => a + b, 0), 0);
    // 09:29 and 09:31 New York: 13:29 and 13:31 UTC in July, 14:29 and 14:31 UTC in January.
    for (const [before, after] of [
      [Date.UTC(2026, 6, 8, 13, 29), Date.UTC(2026, 6, 8, 13, 31)],
      [Date.UTC(2026, 0, 7, 14, 29), Date.UTC(2026, 0, 7, 14, 31)],
    ] as const) {
      const g = new ChainGenerator({ seed: 42, underlyings: ['SPY'] });
      const late = volume(g.generate('SPY', 578.4, before));
      const early = volume(g.generate('SPY', 578.4, after));
      assert.ok(late > 1000 && early < late / 100, `${iso(before)}: ${late} then ${early}`);
    }
  });

  it('names every contract in OCC format and lists strikes on the market step', () => {
    for (const chain of chainsAt(42)) {
      const spec = underlyingSpec(chain.underlying);
      assert.ok(chain.expiries.length >= 5, chain.underlying);
      for (const e of chain.expiries) {
        assert.ok(e.strikes.length >= 8, `${chain.underlying} ${e.expiry}: ${e.strikes.length} strikes`);
        for (let i = 0; i < e.strikes.length; i++) {
          const k = e.strikes[i]!;
          if (i > 0) assert.ok(k > e.strikes[i - 1]!, 'ascending');
          const near = Math.abs(k / chain.spot - 1) <= spec.nearBand;
          assert.ok(onGrid(k, near ? spec.step : spec.farStep), `${chain.underlying} strike ${k}`);
          const name = occSymbol(e.root, e.expiry, 'call', k);
          assert.equal(name.length, k < 100_000 ? 21 : 22);
          assert.deepEqual(parseOccSymbol(name), { root: e.root, expiry: e.expiry, type: 'call', strike: k });
        }
      }
    }
    const nifty = listStrikes(underlyingSpec('NIFTY'), 24180.8, 0.1);
    assert.ok(nifty.includes(24200) && nifty.includes(24150) && !nifty.includes(24175));
  });

  it('lists BTC-USD strikes above 100,000 with one parseable name per contract', () => {
    const g = new ChainGenerator({ seed: 42, underlyings: ['BTC-USD', 'FPT'] });
    for (const [symbol, spot] of [
      ['BTC-USD', 67_250],
      ['BTC-USD', 98_000],
      ['BTC-USD', 152_300],
      ['FPT', 133_500],
    ] as const) {
      const chain = g.generate(symbol, spot, T0);
      const names = new Set<string>();
      let wide = 0;
      for (const e of chain.expiries) {
        const width = Math.min(0.4, Math.max(0.04, 3.5 * sviImpliedVol(e.svi, 0, e.timeToExpiry) * Math.sqrt(e.timeToExpiry)));
        // The chain spans the whole ±width band: nothing above 99,999.999 is left out any more.
        assert.ok(
          e.strikes.at(-1)! >= spot * Math.exp(width * 0.97) - 5000,
          `${symbol} ${spot} ${e.expiry}: top strike ${e.strikes.at(-1)}`,
        );
        for (const k of e.strikes) {
          for (const type of ['call', 'put'] as const) {
            const name = occSymbol(e.root, e.expiry, type, k);
            assert.ok(!names.has(name), name);
            names.add(name);
            if (k >= 100_000) wide++;
            assert.deepEqual(parseOccSymbol(name), { root: e.root, expiry: e.expiry, type, strike: k });
          }
        }
      }
      if (spot > 90_000) assert.ok(wide > 0, `${symbol} at ${spot} lists strikes of 100,000 and more`);
    }
  });

  it('refuses two underlyings that would share an OCC root', () => {
    assert.throws(() => new ChainGenerator({ seed: 1, underlyings: ['SPX', 'SPY'], specs: { SPY: { root: 'SPXW' } } }), /SPXW/);
  });

  it('quotes bid < ask on the tick grid, bid >= 0, last within the quote', () => {
    for (const chain of chainsAt(42)) {
      const spec = underlyingSpec(chain.underlying);
      for (const e of chain.expiries) {
        for (const c of contracts(e)) {
          const bid = c.side.bid[c.i]!;
          const ask = c.side.ask[c.i]!;
          assert.ok(bid >= 0 && bid < ask, `${chain.underlying} ${e.expiry} ${c.type} ${c.strike}: ${bid} / ${ask}`);
          assert.ok(onGrid(ask, spec.tick), `${ask} on ${spec.tick}`);
          const last = c.side.last[c.i];
          if (last !== null && last !== undefined) assert.ok(bid <= last && last <= ask);
          assert.equal(last === null, c.side.volume[c.i] === 0);
        }
      }
    }
  });

  it('widens spreads away from the money', () => {
    const [spx] = chainsAt(42);
    const e = spx!.expiries[3]!;
    const width = (zLo: number, zHi: number) => {
      const rel: number[] = [];
      for (const c of contracts(e)) {
        const otm = c.type === 'call' ? c.z > 0 : c.z < 0;
        if (otm && Math.abs(c.z) >= zLo && Math.abs(c.z) < zHi && c.side.bid[c.i]! > 0) {
          rel.push((c.side.ask[c.i]! - c.side.bid[c.i]!) / c.side.mark[c.i]!);
        }
      }
      return rel.reduce((a, b) => a + b, 0) / rel.length;
    };
    assert.ok(width(1.5, 2.5) > 1.5 * width(0, 0.5), `${width(1.5, 2.5)} vs ${width(0, 0.5)}`);
  });

  it('concentrates open interest and volume near the money', () => {
    for (const chain of chainsAt(42)) {
      for (const e of chain.expiries.slice(0, 4)) {
        const mean = (pick: (c: { z: number }) => boolean, field: 'openInterest' | 'volume') => {
          const xs = [...contracts(e)].filter(pick).map((c) => c.side[field][c.i]!);
          return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
        };
        for (const field of ['openInterest', 'volume'] as const) {
          const near = mean((c) => Math.abs(c.z) < 0.5, field);
          const far = mean((c) => Math.abs(c.z) > 2, field);
          assert.ok(near > 4 * far, `${chain.underlying} ${e.expiry} ${field}: near ${near}, far ${far}`);
        }
      }
    }
  });

  it('grows volume and open interest through the day', () => {
    const g = new ChainGenerator({ seed: 42, underlyings: ['SPY'] });
    const early = g.generate('SPY', 578.4, Date.UTC(2026, 0, 7, 15, 0));
    const late = g.generate('SPY', 578.4, Date.UTC(2026, 0, 7, 20, 0));
    let grew = 0;
    for (let x = 0; x < early.expiries.length; x++) {
      const a = early.expiries[x]!;
      const b = late.expiries[x]!;
      assert.equal(a.expiry, b.expiry);
      for (const type of ['call', 'put'] as const) {
        for (let i = 0; i < a.strikes.length; i++) {
          // The strike range follows the vol level: compare the strikes listed at both times.
          const j = b.strikes.indexOf(a.strikes[i]!);
          if (j < 0) continue;
          assert.ok(b[type].volume[j]! >= a[type].volume[i]!);
          assert.ok(b[type].openInterest[j]! >= a[type].openInterest[i]!);
          if (b[type].volume[j]! > a[type].volume[i]!) grew++;
        }
      }
    }
    assert.ok(grew > 100, `${grew} contracts traded more`);
    const total = (c: OptionChainMessage) => c.expiries.reduce((s, e) => s + e.call.volume.reduce((a, b) => a + b, 0), 0);
    assert.ok(total(late) > 3 * total(early));
  });

  it('prices by BSM at the surface vol, and the IV of the quoted mid reprices and recovers it', () => {
    let checked = 0;
    for (const chain of chainsAt(42)) {
      for (const e of chain.expiries) {
        for (const c of contracts(e)) {
          const sigma = sviImpliedVol(e.svi, Math.log(c.strike / e.forward), e.timeToExpiry);
          const mark = c.side.mark[c.i]!;
          assert.equal(mark, bsmPrice(c.type, chain.spot, c.strike, e.timeToExpiry, sigma, chain.rate, chain.dividendYield));
          // Out-of-the-money quotes: in the money the time value can be under half a tick.
          const otm = c.type === 'call' ? c.strike > e.forward : c.strike < e.forward;
          if (!otm || Math.abs(c.z) > 2 || c.side.bid[c.i] === 0) continue;
          const fromMark = bsmImpliedVol(c.type, mark, chain.spot, c.strike, e.timeToExpiry, chain.rate, chain.dividendYield);
          assert.ok(fromMark.ok && Math.abs(fromMark.volatility - sigma) < 1e-9 * sigma, `${c.strike} mark`);
          const mid = (c.side.bid[c.i]! + c.side.ask[c.i]!) / 2;
          const iv = bsmImpliedVol(c.type, mid, chain.spot, c.strike, e.timeToExpiry, chain.rate, chain.dividendYield);
          assert.ok(iv.ok, `${chain.underlying} ${e.expiry} ${c.type} ${c.strike} mid ${mid}`);
          const repriced = bsmPrice(c.type, chain.spot, c.strike, e.timeToExpiry, iv.volatility, chain.rate, chain.dividendYield);
          assert.ok(Math.abs(repriced - mid) <= 1e-12 * mid, `reprice ${repriced} vs ${mid}`);
          // The quote is rounded to ticks around the mark: the IV moves by at most that over vega.
          const { vega } = priceAndGreeks({
            type: c.type,
            spot: chain.spot,
            strike: c.strike,
            timeToExpiry: e.timeToExpiry,
            volatility: sigma,
            rate: chain.rate,
            dividendYield: chain.dividendYield,
          });
          const bound = (2 * Math.abs(mid - mark)) / vega + 1e-9;
          assert.ok(Math.abs(iv.volatility - sigma) <= bound, `${chain.underlying} ${c.strike} iv ${iv.volatility} vs ${sigma}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 1000, `${checked}`);
  });

  it('has equity skew, calendar-ordered ATM variance, and slices free of butterfly arbitrage', () => {
    for (const chain of chainsAt(42)) {
      let lastTheta = 0;
      for (const e of chain.expiries) {
        assert.ok(sviButterflyArbitrage(e.svi).arbitrageFree, `${chain.underlying} ${e.expiry}`);
        const theta = sviImpliedVol(e.svi, 0, e.timeToExpiry) ** 2 * e.timeToExpiry;
        assert.ok(theta > lastTheta);
        lastTheta = theta;
        if (chain.underlying !== 'BTC-USD') {
          assert.ok(sviImpliedVol(e.svi, -0.05, e.timeToExpiry) > sviImpliedVol(e.svi, 0.05, e.timeToExpiry));
        }
      }
    }
    // SSVI written as raw SVI: w(0) is θ.
    const s = ssviSlice(0.04, -0.7, 1);
    assert.ok(Math.abs(s.a + s.b * (s.rho * -s.m + Math.sqrt(s.m * s.m + s.sigma * s.sigma)) - 0.04) < 1e-15);
  });

  it('moves the surface with the underlying: anchored to moneyness, vol up when spot falls', () => {
    const path = (move: number) => {
      const g = new ChainGenerator({ seed: 42, underlyings: ['SPX'] });
      g.generate('SPX', 5800, T0);
      let spot = 5800;
      let chain: OptionChainMessage | undefined;
      for (let i = 1; i <= 20; i++) {
        spot *= 1 + move;
        chain = g.generate('SPX', spot, T0 + i * 60_000);
      }
      return chain!;
    };
    const down = path(-0.002);
    const up = path(0.002);
    const atm = (c: OptionChainMessage) => sviImpliedVol(c.expiries[0]!.svi, 0, c.expiries[0]!.timeToExpiry);
    assert.ok(atm(down) > atm(up) + 0.01, `down ${atm(down)} up ${atm(up)}`);
    // The ATM strike follows spot.
    const nearest = (c: OptionChainMessage) => {
      const e = c.expiries[0]!;
      return e.strikes.reduce((a, b) => (Math.abs(b - e.forward) < Math.abs(a - e.forward) ? b : a));
    };
    assert.ok(Math.abs(nearest(down) - down.spot) <= 5 && Math.abs(nearest(up) - up.spot) <= 5);
  });

  it('keeps every default chain envelope well under 1 MB', () => {
    for (const chain of chainsAt(42)) assert.ok(JSON.stringify(chain).length < 400_000, chain.underlying);
  });
});

describe('listStrikes on a corrupt spot', () => {
  it('refuses a spot its steps cannot span instead of looping', () => {
    // At AAPL's steps this spot would need more than 10^10 strikes: a loop over them would not return, so the
    // throw itself shows the refusal came first (no timing needed).
    const g = new ChainGenerator({ seed: 1, underlyings: ['AAPL'] });
    assert.throws(() => g.generate('AAPL', 1.8e12, Date.UTC(2026, 10, 23)), /cannot list strikes/);
    assert.throws(() => g.generate('AAPL', Number.NaN, Date.UTC(2026, 10, 23)), RangeError);
    assert.throws(() => listStrikes(underlyingSpec('AAPL'), 1e15, 0.5), RangeError);
  });
});

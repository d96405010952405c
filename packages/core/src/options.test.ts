import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_OCC_STRIKE, occSymbol, parseOccSymbol } from './options.ts';

describe('OCC symbols', () => {
  it('formats root, yymmdd, C/P and strike × 1000 in 8 digits', () => {
    assert.equal(occSymbol('SPY', '2026-12-18', 'call', 600), 'SPY   261218C00600000');
    assert.equal(occSymbol('SPXW', '2026-01-09', 'put', 5782.5), 'SPXW  260109P05782500');
    assert.equal(occSymbol('AAPL', '2026-01-16', 'call', 227.5), 'AAPL  260116C00227500');
    assert.equal(occSymbol('BNF', '2026-01-27', 'put', 51500), 'BNF   260127P51500000');
    assert.equal(occSymbol('BTC', '2026-12-25', 'call', 99_999.999), 'BTC   261225C99999999');
  });

  it('widens the strike field from 100,000 on instead of refusing the strike', () => {
    assert.equal(occSymbol('BTC', '2026-12-25', 'call', 100_000), 'BTC   261225C100000000');
    assert.equal(occSymbol('BTC', '2026-12-25', 'put', 105_000), 'BTC   261225P105000000');
    assert.equal(occSymbol('FPT', '2026-01-29', 'call', 133_500.5), 'FPT   260129C133500500');
    assert.equal(occSymbol('X', '2026-01-29', 'call', MAX_OCC_STRIKE), 'X     260129C999999999999');
    assert.deepEqual(parseOccSymbol('BTC   261225C105000000'), { root: 'BTC', expiry: '2026-12-25', type: 'call', strike: 105_000 });
    assert.deepEqual(parseOccSymbol('BTC261225P100000000'), { root: 'BTC', expiry: '2026-12-25', type: 'put', strike: 100_000 });
    // One name per strike: a wide field never starts with 0, and an 8-digit field never needs to.
    assert.equal(parseOccSymbol('BTC   261225C099999999'), undefined);
    assert.equal(parseOccSymbol('BTC   261225C0100000000'), undefined);
    assert.equal(parseOccSymbol('BTC   261225C1000000000000'), undefined);
  });

  it('refuses what it could not give back exactly', () => {
    assert.throws(() => occSymbol('BANKNIFTY', '2026-01-29', 'call', 50000), RangeError);
    assert.throws(() => occSymbol('SPY', '2026-1-29', 'call', 500), RangeError);
    assert.throws(() => occSymbol('SPY', '2026-01-29', 'call', 0), RangeError);
    assert.throws(() => occSymbol('SPY', '2026-01-29', 'call', 500.0001), RangeError);
    assert.throws(() => occSymbol('BTC', '2026-01-29', 'call', 1e9), RangeError);
  });

  it('parses what it formats, with or without the root padding', () => {
    assert.deepEqual(parseOccSymbol('SPY   261218C00600000'), { root: 'SPY', expiry: '2026-12-18', type: 'call', strike: 600 });
    assert.deepEqual(parseOccSymbol('SPXW260109P05782500'), { root: 'SPXW', expiry: '2026-01-09', type: 'put', strike: 5782.5 });
    assert.equal(parseOccSymbol('SPY 261318C00600000'), undefined);
    assert.equal(parseOccSymbol('SPY261218X00600000'), undefined);
  });

  it('round-trips every strike on a 0.001 grid, narrow and wide', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let n = 0; n < 20_000; n++) {
      // Log-uniform from 0.001 to 1e9, then onto the 0.001 grid as the feed lists strikes.
      const strike = Math.max(0.001, Math.round(10 ** (-3 + 12 * next()) * 1000) / 1000);
      if (strike > MAX_OCC_STRIKE) continue;
      const type = next() < 0.5 ? 'call' : 'put';
      const name = occSymbol('BTC', '2027-03-26', type, strike);
      assert.deepEqual(parseOccSymbol(name), { root: 'BTC', expiry: '2027-03-26', type, strike }, name);
      assert.deepEqual(parseOccSymbol(name.replace(/ /g, '')), { root: 'BTC', expiry: '2027-03-26', type, strike }, name);
    }
  });
});

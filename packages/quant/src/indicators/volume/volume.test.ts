import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomWalk } from '../testing/series.ts';
import { assertMatches, talibRun } from '../testing/talib.ts';
import { ad, adosc } from './ad.ts';
import { obv } from './obv.ts';
import { Vwap, vwap } from './vwap.ts';

const s = randomWalk(10_000, 5);
const { high, low, close, volume } = s;

describe('volume indicators against TA-Lib 1.1.6 on 10,000 bars', () => {
  it('OBV matches', () => assertMatches(obv(close, volume), talibRun('OBV', { inReal: close, volume }).out['outReal']!, 'OBV'));
  it('AD matches', () => assertMatches(ad(high, low, close, volume), talibRun('AD', { high, low, close, volume }).out['outReal']!, 'AD'));
  for (const [f, sl] of [
    [3, 10],
    [10, 3],
    [2, 30],
  ] as const) {
    it(`ADOSC(${f},${sl}) matches`, () =>
      assertMatches(
        adosc(high, low, close, volume, f, sl),
        talibRun('ADOSC', { high, low, close, volume }, { optInFastPeriod: f, optInSlowPeriod: sl }).out['outReal']!,
        'ADOSC',
      ));
  }
});

describe('session VWAP (cumulative typical price * volume / volume, reset each session)', () => {
  const hour = 3_600_000;
  const day0 = Date.UTC(2024, 0, 2);
  it('accumulates within a session and resets at the next UTC day', () => {
    const out = vwap(
      new Float64Array([12, 13, 20]),
      new Float64Array([9, 10, 18]),
      new Float64Array([9, 10, 19]),
      new Float64Array([100, 300, 50]),
      new Float64Array([day0 + 14 * hour, day0 + 15 * hour, day0 + 24 * hour + 14 * hour]),
    );
    // typical prices 10, 11; (10*100 + 11*300) / 400 = 10.75; the next day starts afresh at 19
    assert.equal(out[0], 10);
    assert.equal(out[1], 10.75);
    assert.equal(out[2], 19);
  });
  it('anchors the session at anchorMinutes after midnight UTC', () => {
    const s = new Vwap(13 * 60 + 30);
    s.update({ high: 10, low: 10, close: 10, volume: 1, start: day0 + 13 * hour });
    // 13:30 UTC starts a new session
    assert.equal(s.update({ high: 20, low: 20, close: 20, volume: 1, start: day0 + 13.5 * hour }), 20);
  });
  it('treats a series without start times as one session', () => {
    const out = vwap(new Float64Array([1, 3]), new Float64Array([1, 3]), new Float64Array([1, 3]), new Float64Array([1, 1]));
    assert.deepEqual(Array.from(out), [1, 2]);
  });
});

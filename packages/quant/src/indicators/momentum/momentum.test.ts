import { describe, it } from 'node:test';
import { randomWalk } from '../testing/series.ts';
import { assertMatches, talibRun } from '../testing/talib.ts';
import { mom, roc } from './change.ts';
import { cci } from './cci.ts';
import { cmo } from './cmo.ts';
import { macd } from './macd.ts';
import { mfi } from './mfi.ts';
import { apo, ppo } from './price-oscillator.ts';
import { rsi } from './rsi.ts';
import { stoch, stochf } from './stoch.ts';
import { stochrsi } from './stochrsi.ts';
import { trix } from './trix.ts';
import { ultosc } from './ultosc.ts';
import { willr } from './willr.ts';

const s = randomWalk(10_000, 7);
const { high, low, close, volume } = s;
const inReal = close;

describe('momentum indicators against TA-Lib 1.1.6 on 10,000 bars', () => {
  for (const period of [2, 5, 14, 30]) {
    const opts = { optInTimePeriod: period };
    it(`RSI(${period}) matches`, () => assertMatches(rsi(close, period), talibRun('RSI', { inReal }, opts).out['outReal']!, 'RSI'));
    it(`CMO(${period}) matches`, () => assertMatches(cmo(close, period), talibRun('CMO', { inReal }, opts).out['outReal']!, 'CMO'));
    it(`WILLR(${period}) matches`, () =>
      assertMatches(willr(high, low, close, period), talibRun('WILLR', { high, low, close }, opts).out['outReal']!, 'WILLR'));
    it(`CCI(${period}) matches`, () =>
      assertMatches(cci(high, low, close, period), talibRun('CCI', { high, low, close }, opts).out['outReal']!, 'CCI'));
    it(`MFI(${period}) matches`, () =>
      assertMatches(mfi(high, low, close, volume, period), talibRun('MFI', { high, low, close, volume }, opts).out['outReal']!, 'MFI'));
    it(`MOM(${period}) matches`, () => assertMatches(mom(close, period), talibRun('MOM', { inReal }, opts).out['outReal']!, 'MOM'));
    it(`ROC(${period}) matches`, () => assertMatches(roc(close, period), talibRun('ROC', { inReal }, opts).out['outReal']!, 'ROC'));
    it(`TRIX(${period}) matches`, () => assertMatches(trix(close, period), talibRun('TRIX', { inReal }, opts).out['outReal']!, 'TRIX'));
  }

  for (const [fast, slow, signal] of [
    [12, 26, 9],
    [5, 35, 5],
    [26, 12, 9],
    // signal 1 is left out: TA-Lib 0.6 returns uninitialised memory for it
    [3, 3, 2],
  ] as const) {
    it(`MACD(${fast},${slow},${signal}) matches`, () => {
      const ours = macd(close, fast, slow, signal);
      const ref = talibRun('MACD', { inReal }, { optInFastPeriod: fast, optInSlowPeriod: slow, optInSignalPeriod: signal }).out;
      assertMatches(ours.macd, ref['outMACD']!, 'macd');
      assertMatches(ours.signal, ref['outMACDSignal']!, 'signal');
      assertMatches(ours.histogram, ref['outMACDHist']!, 'histogram');
    });
  }

  for (const maType of [0, 1]) {
    for (const [fast, slow] of [
      [12, 26],
      [10, 3],
    ] as const) {
      const opts = { optInFastPeriod: fast, optInSlowPeriod: slow, optInMAType: maType };
      it(`APO(${fast},${slow},ma ${maType}) matches`, () =>
        assertMatches(apo(close, fast, slow, maType), talibRun('APO', { inReal }, opts).out['outReal']!, 'APO'));
      it(`PPO(${fast},${slow},ma ${maType}) matches`, () =>
        assertMatches(ppo(close, fast, slow, maType), talibRun('PPO', { inReal }, opts).out['outReal']!, 'PPO'));
    }
  }

  for (const [k, sm, d] of [
    [14, 3, 3],
    [5, 3, 3],
    [5, 1, 1],
    [21, 5, 4],
  ] as const) {
    it(`STOCH(${k},${sm},${d}) matches`, () => {
      const ours = stoch(high, low, close, k, sm, d);
      const ref = talibRun(
        'STOCH',
        { high, low, close },
        { optInFastK_Period: k, optInSlowK_Period: sm, optInSlowK_MAType: 0, optInSlowD_Period: d, optInSlowD_MAType: 0 },
      ).out;
      assertMatches(ours.k, ref['outSlowK']!, 'k');
      assertMatches(ours.d, ref['outSlowD']!, 'd');
    });
    it(`STOCHF(${k},${d}) matches`, () => {
      const ours = stochf(high, low, close, k, d);
      const ref = talibRun('STOCHF', { high, low, close }, { optInFastK_Period: k, optInFastD_Period: d, optInFastD_MAType: 0 }).out;
      assertMatches(ours.k, ref['outFastK']!, 'k');
      assertMatches(ours.d, ref['outFastD']!, 'd');
    });
    it(`STOCHRSI(${k},${k},${d}) matches`, () => {
      const ours = stochrsi(close, k, k, d);
      const ref = talibRun(
        'STOCHRSI',
        { inReal },
        { optInTimePeriod: k, optInFastK_Period: k, optInFastD_Period: d, optInFastD_MAType: 0 },
      ).out;
      assertMatches(ours.k, ref['outFastK']!, 'k');
      assertMatches(ours.d, ref['outFastD']!, 'd');
    });
  }

  for (const [a, b, c] of [
    [7, 14, 28],
    [28, 7, 14],
    [2, 3, 4],
  ] as const) {
    it(`ULTOSC(${a},${b},${c}) matches`, () =>
      assertMatches(
        ultosc(high, low, close, a, b, c),
        talibRun('ULTOSC', { high, low, close }, { optInTimePeriod1: a, optInTimePeriod2: b, optInTimePeriod3: c }).out['outReal']!,
        'ULTOSC',
      ));
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asOf, computeFeatures, FEATURES, feature, UnknownFeatureError } from './features.ts';
import { forwardLabels } from './labels.ts';
import { syntheticBars } from './testing.ts';

const cut = (s: ReturnType<typeof syntheticBars>, n: number) => ({
  open: s.open.slice(0, n),
  high: s.high.slice(0, n),
  low: s.low.slice(0, n),
  close: s.close.slice(0, n),
  volume: s.volume.slice(0, n),
});

describe('features, point in time', () => {
  const bars = syntheticBars(400, 11);
  const withOptions = {
    ...bars,
    pcr: bars.close.map((c) => c / 100),
    atmIv: bars.close.map(() => 0.2),
    riskReversal25: bars.close.map(() => -0.01),
  };

  for (const f of FEATURES) {
    it(`${f.name}: no value changes when later bars are appended, and the first ${f.lookback} are NaN`, () => {
      const all = f.compute(withOptions);
      for (const n of [f.lookback + 1, 60, 150, 399]) {
        const part = f.compute({
          ...cut(bars, n),
          pcr: withOptions.pcr.slice(0, n),
          atmIv: withOptions.atmIv.slice(0, n),
          riskReversal25: withOptions.riskReversal25.slice(0, n),
        });
        for (let i = 0; i < n; i++) assert.ok(Object.is(part[i], all[i]), `${f.name}[${i}] with ${n} bars: ${part[i]} vs ${all[i]}`);
      }
      for (let i = 0; i < f.lookback; i++) assert.ok(Number.isNaN(all[i]!), `${f.name}[${i}] should be NaN`);
      assert.ok(Number.isFinite(all[f.lookback]!), `${f.name}[${f.lookback}] should be a number`);
    });
  }

  it('computes the simple ones as defined', () => {
    const [ret5, rv] = computeFeatures(bars, ['ret_5', 'rv_20']);
    assert.equal(ret5![100], Math.log(bars.close[100]! / bars.close[95]!));
    const r = Array.from({ length: 20 }, (_, k) => Math.log(bars.close[81 + k]! / bars.close[80 + k]!));
    const m = r.reduce((a, b) => a + b, 0) / 20;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / 19);
    assert.ok(Math.abs(rv![100]! - sd) < 1e-15);
  });

  it('names an unknown feature in its error', () => {
    assert.throws(() => feature('rsi_99'), UnknownFeatureError);
  });

  it('joins events as of each close, never from after it', () => {
    const v = asOf([10, 20, 30, 40], [5, 20, 35], [1, 2, 3]);
    assert.deepEqual([...v], [1, 2, 2, 3]);
    assert.ok(Number.isNaN(asOf([1], [5], [9])[0]!));
  });

  it('labels the forward return with a dead band and leaves the last h bars unlabelled', () => {
    const y = forwardLabels(Float64Array.from([100, 101, 100.05, 99, 99]), 1, 0.005);
    assert.deepEqual(
      [...y].map((x) => (Number.isNaN(x) ? null : x)),
      [1, 0, 0, null, null],
    );
  });
});

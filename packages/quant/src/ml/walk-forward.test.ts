import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_FEATURES } from './features.ts';
import { syntheticBars } from './testing.ts';
import { WalkForwardError, walkForward } from './walk-forward.ts';

// 3,000 daily bars: about 2,400 out-of-sample predictions over 5 folds. The standard error of an
// AUC of 0.5 with ~1,200 of each class is sqrt((n1 + n0 + 1) / (12 n1 n0)) ~ 0.012, and of an
// annualised Sharpe ratio over 2,400 days ~ sqrt(252 / 2400) ~ 0.32: the bounds below are about
// 4 standard errors. The series are seeded, so each run sees the same numbers.
const N = 3000;

describe('walk-forward validation', () => {
  for (const kind of ['logistic', 'gbdt'] as const) {
    it(`${kind}: on a pure random walk the out-of-sample AUC is 0.5 within noise and trading it does not beat buy-and-hold`, () => {
      const r = walkForward(syntheticBars(N, 1), { model: { kind }, horizon: 1, features: DEFAULT_FEATURES, folds: 5, costBps: 5 });
      assert.ok(Math.abs(r.metrics.auc - 0.5) < 0.05, `AUC ${r.metrics.auc}`);
      assert.ok(r.strategy.sharpe - r.buyAndHold.sharpe < 1.3, `strategy Sharpe ${r.strategy.sharpe} vs ${r.buyAndHold.sharpe}`);
    });

    it(`${kind}: on AR(1) returns with coefficient 0.3 it finds the structure`, () => {
      const r = walkForward(syntheticBars(N, 2, 0.3), { model: { kind }, horizon: 1, features: DEFAULT_FEATURES, folds: 5 });
      // The Bayes predictor here is the last return itself, whose AUC is 0.637 (200,000 bars, seed 5):
      // a model above that would be seeing the future.
      assert.ok(r.metrics.auc > 0.58 && r.metrics.auc < 0.65, `AUC ${r.metrics.auc}`);
      assert.ok(r.strategy.sharpe > 1, `strategy Sharpe ${r.strategy.sharpe}`);
    });
  }

  it('purges the horizon between training and test, embargoes after tests, and refits per fold', () => {
    const horizon = 5;
    const r = walkForward(syntheticBars(1500, 3), {
      model: { kind: 'logistic' },
      horizon,
      features: ['ret_1', 'ret_5', 'rv_20'],
      folds: 4,
      embargo: 10,
    });
    assert.equal(r.folds.length, 4);
    for (const f of r.folds) {
      // a training label at i looks at close[i + horizon]: every one of them ends before the test window
      assert.ok(f.trainTo - 1 + horizon < f.testFrom, JSON.stringify(f));
      assert.ok(f.testTo > f.testFrom);
    }
    // later folds train on more rows, less the embargoed bars after each earlier test window
    const grown = r.folds.map((f) => f.trainRows);
    assert.ok(grown.every((n, i) => i === 0 || n > grown[i - 1]!));
    const rolling = walkForward(syntheticBars(1500, 3), {
      model: { kind: 'logistic' },
      horizon,
      features: ['ret_1'],
      folds: 4,
      window: 'rolling',
      trainBars: 200,
    });
    assert.ok(rolling.folds.every((f) => f.trainTo - f.trainFrom <= 200));
  });

  it('would show a look-ahead feature at once (a check of the check): AUC near 1', () => {
    const bars = syntheticBars(1500, 4);
    // A column that knows the next bar's return, passed in the option-feature slot.
    const leak = Float64Array.from(bars.close, (c, i) => (i + 1 < bars.close.length ? bars.close[i + 1]! / c - 1 : 0));
    const r = walkForward({ ...bars, pcr: leak }, { model: { kind: 'logistic' }, horizon: 1, features: ['pcr'], folds: 3 });
    assert.ok(r.metrics.auc > 0.99, `AUC ${r.metrics.auc}`);
  });

  it('refuses a series too short for its folds and horizon', () => {
    assert.throws(
      () => walkForward(syntheticBars(100, 1), { model: { kind: 'gbdt' }, horizon: 5, features: DEFAULT_FEATURES, folds: 5 }),
      WalkForwardError,
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accuracy, auc, aucAboveChance, aucStandardError, balancedAccuracy, brier, calibration, logLoss } from './metrics.ts';
import { annualReturn, annualVolatility, maxDrawdown, sharpe, totalReturn } from './performance.ts';

const close = (a: number, b: number, digits = 12) => assert.ok(Math.abs(a - b) < 10 ** -digits, `${a} != ${b}`);

// The worked examples of scikit-learn's documentation for each metric.
describe('classification metrics, against scikit-learn’s documented examples', () => {
  it('AUC: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75', () => {
    close(auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
  });

  it('AUC counts ties half and is undefined with one class', () => {
    close(auc([0, 1], [0.5, 0.5]), 0.5);
    close(auc([0, 0, 1], [0.2, 0.7, 0.7]), 0.75);
    assert.ok(Number.isNaN(auc([1, 1], [0.2, 0.3])));
  });

  it('log loss: log_loss(["spam","ham","ham","spam"], [[.1,.9],[.9,.1],[.8,.2],[.35,.65]]) = 0.21616...', () => {
    close(logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65]), 0.216161, 6);
  });

  it('Brier score: brier_score_loss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]) = 0.0375', () => {
    close(brier([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]), 0.0375);
  });

  it('balanced accuracy: balanced_accuracy_score([0,1,0,0,1,0], [0,1,0,0,0,1]) = 0.625; accuracy 4/6', () => {
    const y = [0, 1, 0, 0, 1, 0];
    const p = [0, 1, 0, 0, 0, 1];
    close(balancedAccuracy(y, p), 0.625);
    close(accuracy(y, p), 4 / 6);
  });

  it('AUC standard error (Hanley-McNeil): at A = 0.5 it is sqrt((1/4 + (n1 + n0 - 2)/12) / (n1 n0))', () => {
    close(aucStandardError(0.5, 100, 100), Math.sqrt((0.25 + 198 / 12) / 10_000));
    // and it shrinks to 0 at a perfect AUC
    close(aucStandardError(1, 50, 70), 0);
    const y = Array.from({ length: 400 }, (_, i) => i % 2);
    assert.equal(aucAboveChance(y, 0.55), false); // se ~ 0.029: 0.55 - 0.056 < 0.5
    assert.equal(aucAboveChance(y, 0.6), true);
  });

  it('calibration bins hold every prediction, with the mean prediction and the observed rate', () => {
    const bins = calibration([0, 1, 1, 0, 1], [0.05, 0.15, 0.12, 0.95, 1]);
    assert.equal(bins.length, 10);
    assert.equal(
      bins.reduce((s, b) => s + b.count, 0),
      5,
    );
    assert.deepEqual([bins[1]!.count, bins[1]!.observed], [2, 1]);
    close(bins[1]!.predicted, 0.135);
    assert.deepEqual([bins[9]!.count, bins[9]!.observed], [2, 0.5]);
  });
});

// empyrical's test_stats.py fixtures (daily returns, 252 periods a year).
describe('performance, against empyrical’s published fixtures', () => {
  const mixed = [1, 10, -4, 2, 3, 2, 1, -10].map((x) => x / 100); // mixed_returns without its leading NaN
  const positive = [1, 2, 1, 1, 1, 1, 1, 1, 1].map((x) => x / 100);
  const negative = [0, -6, -7, -1, -9, -2, -6, -8, -5].map((x) => x / 100);

  it('cumulative return 0.03893 and annual return 1.91359 (empyrical counts the NaN as a period)', () => {
    close(totalReturn(mixed), 0.03893, 4);
    close(annualReturn([0, ...mixed], 252), 1.9135925373194231, 8);
  });

  it('annual volatility 0.91365 and Sharpe 1.72386 (mixed), 52.915 (positive), -24.4068 (negative)', () => {
    close(annualVolatility(mixed, 252), 0.9136465399704637, 8);
    close(sharpe(mixed, 252), 1.7238613961706866, 8);
    close(sharpe(positive, 252), 52.915026221291804, 8);
    close(sharpe(negative, 252), -24.406808633910085, 8);
  });

  it('max drawdown -0.1 (mixed), -0.365907 (negative), 0 (positive), -0.10 for [10, -10, 10]%', () => {
    close(maxDrawdown(mixed), -0.1, 8);
    close(maxDrawdown(negative), -0.365907303498736, 8);
    close(maxDrawdown(positive), 0, 12);
    close(maxDrawdown([0.1, -0.1, 0.1]), -0.1, 8);
  });
});

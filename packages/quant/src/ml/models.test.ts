import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitGbdt } from './gbdt.ts';
import { loadClassifier } from './load.ts';
import { fitLogistic } from './logistic.ts';
import { normalFrom, seededRandom, sigmoid } from './model.ts';

describe('L2-regularised logistic regression', () => {
  // Wikipedia, "Logistic regression", worked example: hours studied vs passing the exam (20
  // students); the maximum-likelihood fit is intercept -4.0777 and slope 1.5046.
  const hours = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.25, 3.5, 4, 4.25, 4.5, 4.75, 5, 5.5];
  const pass = [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1];

  it('finds the published maximum-likelihood coefficients of the hours-studied example', () => {
    const model = fitLogistic(
      hours.map((h) => [h]),
      pass,
      { l2: 0 },
    );
    const { weights, intercept } = model.raw;
    assert.ok(Math.abs(intercept - -4.0777) < 5e-4, `intercept ${intercept}`);
    assert.ok(Math.abs(weights[0]! - 1.5046) < 5e-4, `slope ${weights[0]}`);
    // Wikipedia's table: two hours of study give a 0.26 probability of passing, four hours 0.87.
    assert.ok(Math.abs(model.predict([2]) - 0.26) < 0.005);
    assert.ok(Math.abs(model.predict([4]) - 0.87) < 0.005);
  });

  it('stops where the closed-form gradient of the penalised objective is zero (checked by finite differences)', () => {
    const random = seededRandom(7);
    const rows = Array.from({ length: 300 }, () => [normalFrom(random), normalFrom(random) * 3 + 1, normalFrom(random)]);
    const y = rows.map((r) => (random() < sigmoid(0.8 * r[0]! - 0.3 * r[1]! + 0.2) ? 1 : 0));
    const l2 = 0.05;
    const model = fitLogistic(rows, y, { l2 });
    // The objective in the standardised coordinates the penalty is defined on.
    const objective = (w: number[], b: number) => {
      let s = 0;
      for (let i = 0; i < rows.length; i++) {
        let z = b;
        for (let j = 0; j < 3; j++) z += (w[j]! * (rows[i]![j]! - model.mean[j]!)) / model.scale[j]!;
        s += Math.log1p(Math.exp(z)) - y[i]! * z;
      }
      return s / rows.length + (l2 / 2) * w.reduce((a, x) => a + x * x, 0);
    };
    const w = [...model.weights];
    const e = 1e-6;
    for (let j = 0; j <= 3; j++) {
      const plus = [...w];
      const minus = [...w];
      let bp = model.intercept;
      let bm = model.intercept;
      if (j < 3) {
        plus[j]! += e;
        minus[j]! -= e;
      } else {
        bp += e;
        bm -= e;
      }
      const slope = (objective(plus, bp) - objective(minus, bm)) / (2 * e);
      assert.ok(Math.abs(slope) < 1e-7, `dJ/d${j} = ${slope}`);
    }
    // A larger penalty shrinks the weights towards zero.
    const stiff = fitLogistic(rows, y, { l2: 1 });
    assert.ok(Math.hypot(...stiff.weights) < Math.hypot(...model.weights));
  });

  it('explains a prediction: contributions add up to the log-odds less the intercept; the artefact predicts the same', () => {
    const model = fitLogistic(
      hours.map((h) => [h, h * h]),
      pass,
    );
    const row = [3, 9];
    const p = model.predict(row);
    const sum = model.contributions(row).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(Math.log(p / (1 - p)) - model.intercept - sum) < 1e-12);
    assert.equal(loadClassifier(JSON.parse(JSON.stringify(model.toJSON()))).predict(row), p);
  });
});

describe('gradient-boosted trees', () => {
  it('makes the split a hand computation gives: x <= 4.5, leaves -/+ G/(H + lambda)', () => {
    // Base score logit(0.5) = 0, so g = p - y = +0.5 (y = 0) or -0.5 (y = 1), h = 0.25. The best
    // split separates the classes: left G = 4 * 0.5 = 2, H = 1; right G = -2, H = 1. With lambda = 1
    // and learning rate 1 the leaves are -2/2 = -1 and +1.
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const y = [0, 0, 0, 0, 1, 1, 1, 1];
    const model = fitGbdt(
      x.map((v) => [v]),
      y,
      { trees: 1, depth: 1, minLeaf: 1, lambda: 1, learningRate: 1 },
    );
    assert.equal(model.base, 0);
    assert.deepEqual(model.trees[0], { feature: 0, threshold: 4.5, value: -0, left: { leaf: -1 }, right: { leaf: 1 } });
    assert.equal(model.predict([2]), sigmoid(-1));
  });

  it('picks the informative feature over noise, respects minLeaf, and is deterministic by seed', () => {
    const random = seededRandom(3);
    const rows = Array.from({ length: 400 }, () => [random(), random()]);
    const y = rows.map((r) => (r[1]! > 0.6 ? 1 : 0));
    const model = fitGbdt(rows, y, { trees: 1, depth: 1, minLeaf: 10 });
    const root = model.trees[0]!;
    assert.ok(!('leaf' in root) && root.feature === 1 && Math.abs(root.threshold - 0.6) < 0.03, JSON.stringify(root));
    const edge = fitGbdt(rows, y, { trees: 1, depth: 1, minLeaf: 300 });
    assert.ok('leaf' in edge.trees[0]!, 'no split leaves 300 rows on both sides of 400');
    const a = fitGbdt(rows, y, { trees: 5, subsample: 0.5, seed: 9 });
    const b = fitGbdt(rows, y, { trees: 5, subsample: 0.5, seed: 9 });
    const c = fitGbdt(rows, y, { trees: 5, subsample: 0.5, seed: 10 });
    assert.deepEqual(a.toJSON(), b.toJSON());
    assert.notDeepEqual(a.toJSON(), c.toJSON());
  });

  it('explains a prediction: path contributions add up to the log-odds less the base and the roots', () => {
    const random = seededRandom(5);
    const rows = Array.from({ length: 300 }, () => [random(), random(), random()]);
    const y = rows.map((r) => (r[0]! + r[2]! > 1 ? 1 : 0));
    const model = fitGbdt(rows, y, { trees: 20 });
    const row = [0.7, 0.2, 0.6];
    const p = model.predict(row);
    const roots = model.trees.reduce((s, t) => s + ('leaf' in t ? t.leaf : t.value), 0);
    const sum = model.contributions(row).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(Math.log(p / (1 - p)) - model.base - roots - sum) < 1e-9);
    assert.equal(loadClassifier(JSON.parse(JSON.stringify(model.toJSON()))).predict(row), p);
  });
});

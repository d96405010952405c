/**
 * The ai service's models against the npm libraries it did not choose, in one run:
 *   L2 logistic regression by Newton's method (quant/ml)  vs  ml-logistic-regression (gradient ascent)
 *   gradient-boosted trees (quant/ml)                     vs  ml-random-forest (RandomForestClassifier)
 * on the out-of-sample AUC of AR(1) daily returns (coefficient 0.3; the Bayes ceiling is an AUC of
 * about 0.637) with Bourse's default features, and on the published maximum-likelihood fit of
 * Wikipedia's hours-studied example. Times are process CPU milliseconds, median of `--runs` (5).
 *
 *   node --import tsx bench/ml/models.ts [--runs 5] [--bars 3000]   (the libraries take ~10 CPU minutes at the defaults)
 */
import { performance } from 'node:perf_hooks';
import { auc, computeFeatures, DEFAULT_FEATURES, featuresLookback, fitGbdt, fitLogistic, forwardLabels } from '@bourse/quant/ml';
import { syntheticBars } from '../../packages/quant/src/ml/testing.ts';
import LogisticRegression from 'ml-logistic-regression';
import { Matrix } from 'ml-matrix';
import { RandomForestClassifier } from 'ml-random-forest';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 5);
const BARS = arg('bars', 3000);

function cpuMs<T>(fn: () => T): [T, number] {
  const t = process.cpuUsage();
  const out = fn();
  const d = process.cpuUsage(t);
  return [out, (d.user + d.system) / 1000];
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// The data: features at each close, the label of the next bar's return; train on the first 80%,
// test on the rest after a purge of the horizon (1 bar).
const bars = syntheticBars(BARS, 2, 0.3);
const cols = computeFeatures(bars, DEFAULT_FEATURES);
const labels = forwardLabels(bars.close, 1);
const rows: number[][] = [];
const ys: number[] = [];
for (let i = featuresLookback(DEFAULT_FEATURES); i < BARS - 1; i++) {
  rows.push(cols.map((c) => c[i]!));
  ys.push(labels[i]!);
}
const cut = Math.floor(rows.length * 0.8);
const train = { x: rows.slice(0, cut - 1), y: ys.slice(0, cut - 1) };
const test = { x: rows.slice(cut), y: ys.slice(cut) };

// The libraries get the same standardised features (and, for the gradient ascent, an intercept column).
const mean = DEFAULT_FEATURES.map((_, j) => train.x.reduce((s, r) => s + r[j]!, 0) / train.x.length);
const sd = DEFAULT_FEATURES.map((_, j) => Math.sqrt(train.x.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / train.x.length) || 1);
const std = (x: number[][]) => x.map((r) => [...r.map((v, j) => (v - mean[j]!) / sd[j]!), 1]);

interface Result {
  name: string;
  auc: number;
  ms: number[];
}
const results: Result[] = [];
function measure(name: string, fit: () => (x: number[][]) => number[]) {
  const ms: number[] = [];
  let score = Number.NaN;
  for (let r = 0; r < RUNS; r++) {
    const [predict, t] = cpuMs(fit);
    ms.push(t);
    score = auc(test.y, predict(test.x));
  }
  results.push({ name, auc: score, ms });
}

measure('Bourse logistic (Newton, L2 0.01)', () => {
  const m = fitLogistic(train.x, train.y, { l2: 0.01 });
  return (x) => x.map((r) => m.predict(r));
});
measure('ml-logistic-regression (gradient ascent, 50,000 steps)', () => {
  const m = new LogisticRegression({ numSteps: 50_000, learningRate: 5e-4 });
  m.train(new Matrix(std(train.x)), Matrix.columnVector(train.y));
  // one-vs-all: classifier 0 scores "not class 0", the probability of the label 1
  return (x) => (m as unknown as { classifiers: { testScores(m: Matrix): number[] }[] }).classifiers[0]!.testScores(new Matrix(std(x)));
});
measure('Bourse gradient-boosted trees (100 x depth 3)', () => {
  const m = fitGbdt(train.x, train.y, { trees: 100, depth: 3 });
  return (x) => x.map((r) => m.predict(r));
});
measure('ml-random-forest (100 trees)', () => {
  const m = new RandomForestClassifier({ nEstimators: 100, seed: 1, maxFeatures: 0.5, replacement: true, useSampleBagging: true });
  m.train(train.x, train.y);
  return (x) => m.predictProbability(x, 1);
});

// Wikipedia's worked example: the maximum-likelihood fit is intercept -4.0777, slope 1.5046.
const hours = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 1.75, 2, 2.25, 2.5, 2.75, 3, 3.25, 3.5, 4, 4.25, 4.5, 4.75, 5, 5.5];
const pass = [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1];
const ours = fitLogistic(
  hours.map((h) => [h]),
  pass,
  { l2: 0 },
).raw;
const lib = new LogisticRegression({ numSteps: 50_000, learningRate: 5e-4 });
lib.train(new Matrix(hours.map((h) => [h, 1])), Matrix.columnVector(pass));
const [slope, intercept] = (lib as unknown as { classifiers: { weights: Matrix }[] }).classifiers[0]!.weights.to1DArray();

console.log(
  `node ${process.version}, ${BARS} bars of AR(1) returns (phi 0.3), ${train.x.length} training rows, ${test.x.length} test rows, ${RUNS} runs, ${performance.now().toFixed(0)} ms in all`,
);
console.log('| model | out-of-sample AUC | fit CPU ms (median) |');
console.log('| --- | ---: | ---: |');
for (const r of results) console.log(`| ${r.name} | ${r.auc.toFixed(4)} | ${median(r.ms).toFixed(0)} |`);
console.log('');
console.log('| hours-studied fit (Wikipedia: -4.0777, 1.5046) | intercept | slope |');
console.log('| --- | ---: | ---: |');
console.log(`| Bourse logistic (l2 0) | ${ours.intercept.toFixed(4)} | ${ours.weights[0]!.toFixed(4)} |`);
console.log(`| ml-logistic-regression | ${intercept!.toFixed(4)} | ${slope!.toFixed(4)} |`);

// ml-logistic-regression ships no types: what the benchmark uses of it.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    train(x: Matrix, y: Matrix): void;
    predict(x: Matrix): number[];
  }
}

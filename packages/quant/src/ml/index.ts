/**
 * @bourse/quant/ml: point-in-time features, labels, models (L2 logistic regression, gradient-boosted
 * trees), classification and performance metrics, and walk-forward validation with purge and
 * embargo. Pure TypeScript, deterministic by seed.
 */
export {
  asOf,
  computeFeatures,
  DEFAULT_FEATURES,
  FEATURES,
  type FeatureDefinition,
  type FeatureSeries,
  feature,
  featuresLookback,
  UnknownFeatureError,
} from './features.ts';
export { fitGbdt, GbdtModel, type GbdtParams } from './gbdt.ts';
export { forwardLabels, forwardReturns } from './labels.ts';
export { fitLogistic, LogisticModel, type LogisticParams } from './logistic.ts';
export {
  accuracy,
  auc,
  aucAboveChance,
  aucStandardError,
  balancedAccuracy,
  brier,
  type CalibrationBin,
  type ClassificationMetrics,
  calibration,
  classificationMetrics,
  logLoss,
} from './metrics.ts';
export { loadClassifier } from './load.ts';
export {
  type Classifier,
  MODEL_KINDS,
  type ModelArtefact,
  type ModelKind,
  normalFrom,
  seededRandom,
  sigmoid,
  type TreeNode,
} from './model.ts';
export { annualReturn, annualVolatility, maxDrawdown, type Performance, performance, sharpe, totalReturn } from './performance.ts';
export {
  type FoldResult,
  fitModel,
  isModelKind,
  type ModelSpec,
  type StrategyResult,
  type WalkForwardOptions,
  type WalkForwardResult,
  WalkForwardError,
  walkForward,
} from './walk-forward.ts';

import { GbdtModel } from './gbdt.ts';
import { LogisticModel } from './logistic.ts';
import type { Classifier, ModelArtefact } from './model.ts';

/** The model a `toJSON()` artefact describes, predicting exactly as the one that wrote it. */
export function loadClassifier(a: ModelArtefact): Classifier {
  return a.kind === 'logistic' ? new LogisticModel(a.mean, a.scale, a.weights, a.intercept) : new GbdtModel(a.base, a.trees);
}

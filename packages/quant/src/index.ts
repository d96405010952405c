export * as bars from './bars/index.ts';
export * as indicators from './indicators/index.ts';
export * as ml from './ml/index.ts';
export * as options from './options/index.ts';

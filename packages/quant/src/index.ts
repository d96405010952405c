export * as bars from './bars/index.ts';

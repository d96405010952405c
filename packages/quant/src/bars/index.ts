export * from './aggregate.ts';
export * from './adjust.ts';

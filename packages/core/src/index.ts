export * from './types.ts';
export * from './intervals.ts';
export * from './envelope.ts';
export * from './subjects.ts';
export * from './errors.ts';
export * from './ids.ts';
export * from './config.ts';
export * from './catalog.ts';

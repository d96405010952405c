export * from './app.ts';
export * from './edge.ts';
export * from './errors.ts';
export * from './keys.ts';
export * from './logger.ts';
export * from './metrics.ts';
export * from './runtime.ts';
export * from './service.ts';

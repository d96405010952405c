export * from './services.ts';
export * from './start.ts';

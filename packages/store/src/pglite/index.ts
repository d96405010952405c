export * from './config.ts';
export { PGliteDialect } from './dialect.ts';
export { PGliteDriver } from './driver.ts';

export * from './config.ts';
export { pgliteCopyTicks, ticksCopyText } from './copy.ts';
export { PGliteDialect } from './dialect.ts';
export { PGliteDriver } from './driver.ts';
export { openPGlite } from './open.ts';

export * from './config.ts';
export { ticksCopyText } from './copy.ts';
export { PGliteDialect } from './dialect.ts';
export { openPGlite } from './open.ts';

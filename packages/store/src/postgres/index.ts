export { ticksCopyBinary } from './copy.ts';
export { openPostgres, redact } from './open.ts';

/**
 * The schemas of the bus payloads, one per envelope type, each with the reader its consumers
 * validate it through (see payload.ts). The TypeScript type of a payload is derived from its schema.
 */
export * from './bar.ts';
export * from './dead-letter.ts';
export * from './indicator.ts';
export * from './instrument.ts';
export * from './logs.ts';
export * from './signal.ts';
export * from './insight.ts';

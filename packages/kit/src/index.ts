// Route schemas across services use `hide` (keep a route out of the OpenAPI document), which
// @fastify/swagger adds to FastifySchema: services compiled against the kit see it too.
/// <reference types="@fastify/swagger" preserve="true" />
export * from './app.ts';
export * from './context.ts';
export * from './dependency-state.ts';
export * from './edge.ts';
export * from './errors.ts';
export * from './keys.ts';
export * from './logbus.ts';
export * from './logger.ts';
export * from './metrics.ts';
export * from './query.ts';
export * from './runtime.ts';
export * from './service.ts';
export * from './tracing.ts';
export * from './retention.ts';

import Type from 'typebox';
import { BourseError, type ErrorBody } from '@bourse/core';
import type { FastifyError, FastifyInstance } from 'fastify';

/** Fastify's own client errors, by code, mapped to Bourse error codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
};

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

/**
 * One error handler: Bourse errors carry their status; schema validation failures are 400
 * naming the field; Fastify's client errors keep their 4xx; everything else is a bug,
 * logged in full and answered with a 500 that reveals nothing.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | BourseError | Error, request, reply) => {
    if (err instanceof BourseError) {
      if (err.status >= 500) request.log.error({ err }, err.message);
      return reply.status(err.status).send(errorBody(err.code, err.message, err.details));
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const first = fe.validation[0];
      const where = fe.validationContext ?? 'request';
      const field = first?.instancePath ? first.instancePath.replace(/^\//, '').replaceAll('/', '.') : '';
      const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
      const name = [where, field || missing].filter(Boolean).join('.');
      const message = `${name} ${missing && !field ? 'is required' : (first?.message ?? 'is invalid')}`;
      return reply.status(400).send(
        errorBody(
          'validation_failed',
          message,
          fe.validation.map((v) => ({ path: v.instancePath, message: v.message, params: v.params })),
        ),
      );
    }
    const status = fe.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = FASTIFY_CODES[fe.code] ?? (status === 404 ? 'not_found' : status === 429 ? 'rate_limited' : 'bad_request');
      return reply.status(status).send(errorBody(code, fe.message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('internal', 'Internal server error'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(errorBody('not_found', `Route ${request.method} ${request.url.split('?')[0]} not found`));
  });
}

/** The response schema of every error, for route schemas and the OpenAPI document. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable machine-readable code' }),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { description: 'Error' },
);

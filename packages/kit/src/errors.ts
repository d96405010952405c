import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import Type from 'typebox';
import { BourseError, type ErrorBody } from '@bourse/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Fastify's own client errors, by code, mapped to Bourse error codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
};

/** The code of a framework error that has only its status (a plugin's, or the proxy's), by status. */
const STATUS_CODE_NAMES: Record<number, string> = {
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'header_too_large',
  502: 'bad_gateway',
  503: 'unavailable',
  504: 'gateway_timeout',
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
      // A 503 is a dependency away (logged by its state when it changes), not a bug: no line per request.
      if (err.status >= 500 && err.status !== 503) request.log.error({ err }, err.message);
      else if (err.status === 503) request.log.debug({ err: err.message }, 'unavailable');
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
      const code = FASTIFY_CODES[fe.code] ?? STATUS_CODE_NAMES[status] ?? 'bad_request';
      return reply.status(status).send(errorBody(code, fe.message));
    }
    // The proxy's own refusals (an upstream down, slow or answering garbage) keep their status: they are
    // the state of a dependency, not a bug here. Their message names no address.
    if (typeof fe.code === 'string' && fe.code.startsWith('FST_REPLY_FROM_') && STATUS_CODE_NAMES[status]) {
      request.log.warn({ err }, 'upstream failed');
      return reply.status(status).send(errorBody(STATUS_CODE_NAMES[status]!, `upstream: ${STATUS_CODES[status] ?? 'failed'}`));
    }
    // Text PostgreSQL cannot hold (a NUL character, SQLSTATE 22021; in JSON, 22P05) is the caller's input,
    // whichever route let it through to the store: a 400, not a bug.
    if (fe.code === '22021' || fe.code === '22P05') {
      return reply.status(400).send(errorBody('bad_request', 'text must not contain NUL characters (U+0000)'));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('internal', 'Internal server error'));
  });

  // Methods that have a route somewhere: a path that exists under another of them is a 405 naming those.
  // Not OPTIONS (CORS answers preflights on every path) nor HEAD (it follows GET).
  const methods = new Set<string>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'OPTIONS' && method !== 'HEAD') methods.add(method);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = [...methods].filter((method) => method !== request.method && app.findRoute({ method, url: path }) !== null);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return reply
        .status(405)
        .send(errorBody('method_not_allowed', `${request.method} is not allowed on ${path} (allowed: ${allowed.join(', ')})`));
    }
    return reply.status(404).send(errorBody('not_found', `Route ${request.method} ${path} not found`));
  });

  // Fastify's own answer while closing is a fixed body of its own: answer with ours (and close the connection).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    return reply.status(503).send(errorBody('unavailable', 'the server is shutting down'));
  });
}

/**
 * The router's refusals before any route runs (Fastify's `frameworkErrors`): a malformed URL (400),
 * a path parameter past the router's length (414).
 */
export function frameworkErrorReply(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') reply.status(414).send(errorBody('uri_too_long', 'a path parameter is too long'));
  else reply.status(400).send(errorBody('bad_request', 'malformed URL'));
}

/**
 * What Node's HTTP parser refuses before Fastify sees a request (Fastify's `clientErrorHandler`): headers
 * or a URL past the header limit (431), a request that took too long to arrive (408), anything else it
 * cannot parse (400). Written on the socket as a whole response, with the same error body as the rest.
 */
export function clientErrorReply(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Duplex): void {
  // A reset or closed connection has nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'header_too_large', 'the request line and headers exceed the server limit']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'the request did not arrive in time']
        : [400, 'bad_request', 'malformed HTTP request'];
  this.log.debug({ err: err.message, code: err.code }, 'client error');
  if (socket.writable) {
    const body = JSON.stringify(errorBody(code, message));
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
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

/**
 * Named errors with stable codes. One table maps each code to its HTTP status;
 * anything else is a bug and becomes a 500 with a generic message.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class BourseError extends Error {
  override name = 'BourseError';
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, options?: { details?: unknown; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options?.details;
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export class NotFoundError extends BourseError {
  override name = 'NotFoundError';
  constructor(message: string, details?: unknown) {
    super('not_found', message, { details });
  }
}

export class BadRequestError extends BourseError {
  override name = 'BadRequestError';
  constructor(message: string, details?: unknown) {
    super('bad_request', message, { details });
  }
}

export class ConflictError extends BourseError {
  override name = 'ConflictError';
  constructor(message: string, details?: unknown) {
    super('conflict', message, { details });
  }
}

export class UnavailableError extends BourseError {
  override name = 'UnavailableError';
  constructor(message: string, cause?: unknown) {
    super('unavailable', message, { cause });
  }
}

/** No credentials, or credentials that do not verify: 401. The message never says which part failed beyond what the caller sent. */
export class UnauthorizedError extends BourseError {
  override name = 'UnauthorizedError';
  constructor(message = 'authentication required', details?: unknown) {
    super('unauthorized', message, { details });
  }
}

/** Valid credentials without the right: 403. */
export class ForbiddenError extends BourseError {
  override name = 'ForbiddenError';
  constructor(message = 'not allowed', details?: unknown) {
    super('forbidden', message, { details });
  }
}

export class RateLimitedError extends BourseError {
  override name = 'RateLimitedError';
  constructor(message: string, details?: unknown) {
    super('rate_limited', message, { details });
  }
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * A bus message no retry can fix (bad JSON, a payload that fails its schema, an unknown symbol):
 * a consumer that throws it dead-letters the message at once, with this message as the reason.
 */
export class PoisonMessageError extends Error {
  override name = 'PoisonMessageError';
}

/**
 * A failure that says nothing about the message or request itself: a dependency that is away
 * (UnavailableError, which the store, cache and bus adapters throw for it) or any error that
 * says so with `transient: true` (a provider's rate limit). Retrying it later is the cure, so a
 * bus consumer retries it for as long as it lasts and never dead-letters the message for it.
 * Matched by name as well as class: handlers may come from another copy of this module.
 */
export function isTransient(err: unknown): boolean {
  if (err instanceof UnavailableError) return true;
  if (typeof err !== 'object' || err === null) return false;
  if ((err as { transient?: unknown }).transient === true) return true;
  return err instanceof Error && err.name === 'UnavailableError';
}

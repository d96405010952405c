import { UnavailableError } from '@bourse/core';

/** A migration failed; `cause` is the database error, `migration` the one that failed. */
export class MigrationError extends Error {
  override name = 'MigrationError';
  readonly migration: string | undefined;
  constructor(message: string, migration: string | undefined, cause: unknown) {
    super(message, { cause });
    this.migration = migration;
  }
}

/** The store was configured with something it cannot use (not a connection problem). */
export class StoreConfigError extends Error {
  override name = 'StoreConfigError';
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/**
 * True for errors that mean "the database cannot be reached right now" rather
 * than "this statement is wrong": socket errors, SQLSTATE class 08 (connection
 * exception), 57P01-57P03 (shutdown, cannot connect now), and pg's messages
 * for a dropped connection or an exhausted pool.
 */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof UnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end/i.test(
    error.message,
  );
}

/** Rethrows connection failures as UnavailableError (HTTP 503); anything else unchanged. */
export function toStoreError(error: unknown, what: string): unknown {
  if (error instanceof UnavailableError || !isConnectionError(error)) return error;
  return new UnavailableError(`${what}: ${(error as Error).message}`, error);
}

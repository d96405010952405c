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
 * SQLSTATEs that say "not now" about the server rather than "never" about the statement, so that
 * the same statement succeeds later:
 * - class 08, connection exception;
 * - 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, shutting
 *   down, in recovery), 57014 query canceled (the statement timeout: the server is too slow now);
 * - class 53, insufficient resources (disk full, out of memory, too many connections): an
 *   operator fixes the server, and the data must still be there when they have;
 * - 40001 serialization failure and 40P01 deadlock: PostgreSQL's own "retry the transaction";
 * - 25006 read-only transaction: a failover made this node a standby for a moment.
 */
function isTransientSqlState(code: string): boolean {
  return (
    code.startsWith('08') ||
    code.startsWith('53') ||
    /^57P0[123]$/.test(code) ||
    code === '57014' ||
    code === '40001' ||
    code === '40P01' ||
    code === '25006'
  );
}

/**
 * The messages of drivers that have no code for "the database is away": pg's for a dropped connection,
 * a pool that gave no connection in time and a client-side query timeout, PGlite's once it is closed.
 */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|Query read timeout|PGlite is closed/i;

/**
 * True for errors that mean "the database cannot do this right now" rather than "this statement is
 * wrong": socket errors, the SQLSTATEs above, and the drivers' messages for a dropped connection, an
 * exhausted pool or a closed instance. Retrying such an error later succeeds; retrying any other one
 * fails the same way.
 */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof UnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isTransientSqlState(code))) return true;
  return UNAVAILABLE_MESSAGE.test(error.message);
}

/** Rethrows "not now" failures as UnavailableError (HTTP 503, retried by the bus); anything else unchanged. */
export function toStoreError(error: unknown, what: string): unknown {
  if (error instanceof UnavailableError || !isConnectionError(error)) return error;
  return new UnavailableError(`${what}: ${(error as Error).message}`, error);
}

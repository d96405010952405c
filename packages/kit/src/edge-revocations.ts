import type { Cache } from '@bourse/cache';

/** The key prefix of every process's cache (runtime.ts), so a marker has one name in all processes sharing a Redis. */
export const PROCESS_CACHE_PREFIX = 'bourse:';
const KEY = 'auth:revoked:';

/**
 * What a revocation ends before its tokens expire: the access tokens of one session (logout, a
 * replayed refresh token), or every access token of a user issued until now (password change).
 */
export type Revocation = { readonly sessionId: string } | { readonly userId: string };

/** What a verified access token says about itself, for matching against revocations. */
export interface IssuedToken {
  readonly userId: string;
  readonly sessionId?: string;
  /** When it was signed, in epoch milliseconds. */
  readonly issuedAtMs: number;
}

/**
 * Access tokens ended early. One marker per session or user, kept for the access-token lifetime
 * (no token a marker could match outlives it), so the list stays as small as the revocations of
 * the last 15 minutes. In Redis when the cache is Redis: a logout at the auth service reaches
 * every gateway and service at once. In memory otherwise: right for the embedded shape, where the
 * auth service and the edge share this object.
 *
 * A user marker holds the time of the revocation: tokens signed before it are refused, tokens
 * signed after it (the next sign-in) are not. Times come from the clocks of the auth processes.
 */
export class Revocations {
  readonly #ttlMs: number;
  readonly #markers: () => Cache;

  /**
   * `ttlMs`: the access-token lifetime. `markers`: the cache that keeps the markers, asked for at each
   * use (the composition root may open it on first use).
   */
  constructor(ttlMs: number, markers: () => Cache) {
    this.#ttlMs = ttlMs;
    this.#markers = markers;
  }

  /** Throws UnavailableError when Redis is unreachable: the caller must not report the tokens ended. */
  async revoke(revocation: Revocation, at: number = Date.now()): Promise<void> {
    const key = 'sessionId' in revocation ? `${KEY}sid:${revocation.sessionId}` : `${KEY}user:${revocation.userId}`;
    await this.#markers().set(key, at, this.#ttlMs);
  }

  /** Throws UnavailableError when Redis is unreachable (the edge then answers 503: fail closed). */
  async isRevoked(token: IssuedToken): Promise<boolean> {
    const keys = [`${KEY}user:${token.userId}`, ...(token.sessionId ? [`${KEY}sid:${token.sessionId}`] : [])];
    const [userRevokedAt, sessionRevokedAt] = await this.#markers().getMany<number>(keys);
    if (sessionRevokedAt !== undefined) return true;
    return typeof userRevokedAt === 'number' && token.issuedAtMs < userRevokedAt;
  }
}

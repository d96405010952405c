import { createHash } from 'node:crypto';
import type { Cache } from '@bourse/cache';
import { RateLimitedError } from '@bourse/core';

interface Attempts {
  failures: number;
  /** Epoch ms before which no attempt is considered. */
  lockedUntil: number;
}

export interface ThrottleOptions {
  /** Failed attempts allowed per account before delays start. */
  readonly accountFree: number;
  /** Failed attempts allowed per IP before delays start. */
  readonly ipFree: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** How long failures are remembered after the last one. */
  readonly memoryMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  accountFree: 5,
  ipFree: 20,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60_000,
  memoryMs: 60 * 60_000,
};

/**
 * Login throttling per account and per IP: after a few failures each further one doubles the
 * wait (1 s, 2 s, 4 s ... up to 15 min). An account that does not exist is throttled exactly
 * like one that does, so the answers never tell them apart. Counters live in the cache
 * (shared through Redis in the distributed shape).
 */
export class LoginThrottle {
  constructor(
    private readonly cache: Cache,
    private readonly options: ThrottleOptions = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  private keys(email: string, ip: string): [string, string] {
    const account = createHash('sha256').update(email).digest('hex').slice(0, 32);
    return [`auth:throttle:acct:${account}`, `auth:throttle:ip:${ip}`];
  }

  /** Throws a 429 with the wait when either the account or the IP must wait. */
  async check(email: string, ip: string): Promise<void> {
    const [a, b] = await this.cache.getMany<Attempts>(this.keys(email, ip));
    const until = Math.max(a?.lockedUntil ?? 0, b?.lockedUntil ?? 0);
    const wait = until - this.now();
    if (wait > 0) {
      throw new RateLimitedError(`too many failed sign-in attempts, retry in ${Math.ceil(wait / 1000)} s`, {
        retryAfterSeconds: Math.ceil(wait / 1000),
      });
    }
  }

  async failed(email: string, ip: string): Promise<void> {
    const [accountKey, ipKey] = this.keys(email, ip);
    const [a, b] = await this.cache.getMany<Attempts>([accountKey, ipKey]);
    const { accountFree, ipFree, memoryMs } = this.options;
    await this.cache.setMany([
      { key: accountKey, value: this.next(a, accountFree), ttlMs: memoryMs },
      { key: ipKey, value: this.next(b, ipFree), ttlMs: memoryMs },
    ]);
  }

  async succeeded(email: string, ip: string): Promise<void> {
    await this.cache.delete(this.keys(email, ip)[0]);
  }

  private next(previous: Attempts | undefined, free: number): Attempts {
    const failures = (previous?.failures ?? 0) + 1;
    const over = failures - free;
    const delay = over > 0 ? Math.min(this.options.baseDelayMs * 2 ** (over - 1), this.options.maxDelayMs) : 0;
    return { failures, lockedUntil: delay > 0 ? this.now() + delay : 0 };
  }
}

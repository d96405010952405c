import { createHash } from 'node:crypto';
import type { Cache } from '@bourse/cache';
import { RateLimitedError } from '@bourse/core';

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

/** What is throttled: an account or an address, with its attempt counter and its gate. */
interface Subject {
  readonly count: string;
  readonly gate: string;
  readonly free: number;
}

/** An attempt let through to the password check: what `succeeded` gives back. */
export interface LoginAttempt {
  readonly account: Subject;
  readonly address: Subject;
}

/**
 * Login throttling per account and per IP. Each attempt first reserves its place with one atomic
 * increment of the account's counter, then of the address's. The first `free` attempts go
 * through; each later one only by taking the subject's gate (set-if-absent), which then stays
 * shut for a doubling delay (1 s, 2 s, 4 s ... up to 15 min), so concurrent attempts cannot all
 * pass a check made before any of them is counted: at most `free + 1` of a burst reach the
 * password check, in one process or across auth processes sharing Redis.
 *
 * A refused attempt gives its reservation back (what counts is attempts checked); a success clears
 * the account and gives the address its reservation back (only failures count against an address).
 * An account that does not exist is throttled exactly like one that does, so the answers never tell
 * them apart. Counters live in the cache (shared through Redis in the distributed shape).
 */
export class LoginThrottle {
  constructor(
    private readonly cache: Cache,
    private readonly options: ThrottleOptions = DEFAULT_THROTTLE,
    /**
     * The clock the gates open by (epoch ms); a test passes its own to step time instead of sleeping.
     * The default reads the process clock at each call, so that a test of the whole service can hold it still.
     */
    private readonly now: () => number = () => Date.now(),
  ) {}

  private subjects(email: string, ip: string): LoginAttempt {
    const account = `auth:login:acct:${createHash('sha256').update(email).digest('hex').slice(0, 32)}`;
    const address = `auth:login:ip:${ip}`;
    return {
      account: { count: account, gate: `${account}:gate`, free: this.options.accountFree },
      address: { count: address, gate: `${address}:gate`, free: this.options.ipFree },
    };
  }

  /**
   * Reserve an attempt for this email from this address, or throw a 429 with the wait. The account
   * goes first, so a burst at one account is stopped there and does not use up the address's budget.
   */
  async reserve(email: string, ip: string): Promise<LoginAttempt> {
    const attempt = this.subjects(email, ip);
    const heldGate = await this.enter(attempt.account);
    try {
      await this.enter(attempt.address);
    } catch (err) {
      // Not checked after all: the account's reservation, and its gate if this attempt shut it, go back.
      await this.leave(attempt.account);
      if (heldGate) await this.cache.delete(attempt.account.gate);
      throw err;
    }
    return attempt;
  }

  /** The password was right: the account starts afresh; the address only counts its failures. */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await Promise.all([this.cache.delete(attempt.account.count), this.cache.delete(attempt.account.gate), this.leave(attempt.address)]);
  }

  /**
   * Count the attempt; past the free ones, pass only by shutting the gate behind it. True when this
   * attempt shut it. The gate holds the time it opens again, read against the throttle's clock: its
   * cache entry outlives it (kept as long as the failures are remembered), so the cache's own expiry
   * never opens it early or late. Of the attempts that find it open, exactly one takes it over, by
   * claiming the opening time it found (set-if-absent on a key named after it).
   */
  private async enter(subject: Subject): Promise<boolean> {
    const { memoryMs, baseDelayMs, maxDelayMs } = this.options;
    const n = await this.cache.increment(subject.count, { ttlMs: memoryMs });
    const over = n - subject.free;
    if (over <= 0) return false;
    const delay = Math.min(baseDelayMs * 2 ** (over - 1), maxDelayMs);
    const now = this.now();
    const keep = delay + memoryMs;
    if (await this.cache.setIfAbsent(subject.gate, now + delay, keep)) return true;
    const until = await this.cache.get<number>(subject.gate);
    if (until !== undefined && until <= now && (await this.cache.setIfAbsent(`${subject.gate}:${until}`, true, keep))) {
      await this.cache.set(subject.gate, now + delay, keep);
      return true;
    }
    await this.leave(subject);
    const seconds = Math.max(1, Math.ceil(((until ?? 0) - now) / 1000));
    throw new RateLimitedError(`too many failed sign-in attempts, retry in ${seconds} s`, { retryAfterSeconds: seconds });
  }

  private async leave(subject: Subject): Promise<void> {
    await this.cache.increment(subject.count, { by: -1, ttlMs: this.options.memoryMs });
  }
}

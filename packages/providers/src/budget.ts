import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError, type SourceId } from './port.ts';

/**
 * The atomic counter a request budget needs. Bourse's Cache port has it (`increment`): the memory
 * cache in the embedded shape, Redis in the distributed one, where every process that calls a
 * provider then draws on the same allowance.
 */
export interface Counter {
  increment(key: string, options?: { readonly by?: number; readonly ttlMs?: number }): Promise<number>;
}

/** At most `max` requests in each window of `windowMs` (1 s, 1 min, 1 day: the way providers state them). */
export interface BudgetLimit {
  readonly max: number;
  readonly windowMs: number;
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const DAY = 24 * 60 * MINUTE;

/** Thrown when Bourse's own allowance is spent: no request was sent, so neither retried nor held against the provider's breaker. */
export class BudgetExhaustedError extends ProviderError {
  override name = 'BudgetExhaustedError';
}

export interface BudgetOptions {
  readonly provider: SourceId;
  readonly limits: readonly BudgetLimit[];
  readonly counter: Counter;
  /** Prefix of the counter keys (distinct per deployment or test). */
  readonly keyPrefix?: string;
  /** A wait up to this long for the next window is taken in place; longer, the call fails at once (default 2 s). */
  readonly maxWaitMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Fixed-window request budgets: one counter per limit and window (`budget:<provider>:<windowMs>:<n>`),
 * expiring with its window. A request takes one unit of every limit; if any is over, the units are
 * given back and the call waits for the window to turn (a per-second limit) or fails with the wait as
 * its retryAfterMs (a per-day limit spent).
 */
export class RequestBudget {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  constructor(private readonly options: BudgetOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => sleep(ms));
  }

  /** Takes one request from every limit, waiting for a short window to turn; throws BudgetExhaustedError otherwise. */
  async take(symbol?: string): Promise<void> {
    const maxWait = this.options.maxWaitMs ?? 2 * SECOND;
    for (;;) {
      const wait = await this.tryTake();
      if (wait === 0) return;
      if (wait > maxWait) {
        const spent = this.options.limits.find((l) => l.windowMs >= wait) ?? this.options.limits.at(-1);
        throw new BudgetExhaustedError(
          this.options.provider,
          'rate_limited',
          `${symbol ?? 'request'}: request budget spent (${spent?.max} per ${describeWindow(spent?.windowMs ?? 0)}); next in ${Math.ceil(wait / 1000)} s`,
          { ...(symbol === undefined ? {} : { symbol }), retryAfterMs: wait },
        );
      }
      await this.sleep(wait);
    }
  }

  /** 0 when a unit of every limit was taken, else how long until the fullest window turns. */
  private async tryTake(): Promise<number> {
    const now = this.now();
    const taken: string[] = [];
    let wait = 0;
    for (const limit of this.options.limits) {
      const window = Math.floor(now / limit.windowMs);
      const key = `${this.options.keyPrefix ?? 'budget'}:${this.options.provider}:${limit.windowMs}:${window}`;
      const count = await this.options.counter.increment(key, { ttlMs: limit.windowMs + SECOND });
      taken.push(key);
      if (count > limit.max) wait = Math.max(wait, (window + 1) * limit.windowMs - now);
    }
    if (wait > 0) await Promise.all(taken.map((key) => this.options.counter.increment(key, { by: -1 })));
    return wait;
  }
}

function describeWindow(ms: number): string {
  if (ms === SECOND) return 'second';
  if (ms === MINUTE) return 'minute';
  if (ms === DAY) return 'day';
  return `${ms} ms`;
}

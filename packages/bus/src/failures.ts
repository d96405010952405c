import { isTransient } from '@bourse/core';
import { ExponentialBackoff, type IBackoff } from 'cockatiel';
import { isPoison, reasonOf } from './dead-letter.ts';
import type { DeadLetterKind } from './port.ts';

/** What a consumer does with a message whose handler threw. */
export type Verdict =
  | { readonly action: 'retry'; readonly delayMs: number; readonly transient: boolean }
  | { readonly action: 'dead-letter'; readonly kind: DeadLetterKind; readonly reason: string };

export interface FailureOptions {
  readonly maxDeliver: number;
  /** Delay before a message that failed for a reason of its own is tried again; also the first step of the transient backoff. */
  readonly retryDelayMs: number;
  /** Cap of the transient backoff. */
  readonly maxRetryDelayMs: number;
}

interface Failures {
  /** failures that were not transient */
  counted: number;
  /** where the transient backoff of this message stands */
  backoff?: IBackoff<unknown>;
}

/** Messages tracked at once; past it the oldest are forgotten (their count starts again, erring towards retrying). */
const MAX_TRACKED = 100_000;

/**
 * The failure semantics both adapters share. A transient failure (a dependency away) is retried
 * with exponential backoff and jitter, capped, for as long as it lasts, and never counted; a
 * PoisonMessageError dead-letters at once; any other error dead-letters once it has happened
 * `maxDeliver` times. The count is the adapter's own (per process): the broker's delivery count
 * also counts the transient retries, which must not cut a message off.
 */
export class FailureTracker {
  private readonly tracked = new Map<string, Failures>();
  private readonly backoff: ExponentialBackoff<unknown>;

  constructor(private readonly o: FailureOptions) {
    this.backoff = new ExponentialBackoff({ initialDelay: Math.max(1, o.retryDelayMs), maxDelay: o.maxRetryDelayMs });
  }

  failed(key: string, err: unknown): Verdict {
    if (isPoison(err)) {
      this.tracked.delete(key);
      return { action: 'dead-letter', kind: 'poison', reason: reasonOf(err) };
    }
    const f = this.entry(key);
    if (isTransient(err)) {
      f.backoff = f.backoff ? f.backoff.next(undefined) : this.backoff.next();
      return { action: 'retry', delayMs: Math.round(f.backoff.duration), transient: true };
    }
    f.counted++;
    if (f.counted >= this.o.maxDeliver) {
      this.tracked.delete(key);
      return { action: 'dead-letter', kind: 'failed', reason: `failed ${f.counted} times, last: ${reasonOf(err)}` };
    }
    return { action: 'retry', delayMs: this.o.retryDelayMs, transient: false };
  }

  /** The message is done with (acked or dead-lettered). */
  forget(key: string): void {
    this.tracked.delete(key);
  }

  private entry(key: string): Failures {
    let f = this.tracked.get(key);
    if (!f) {
      if (this.tracked.size >= MAX_TRACKED) {
        const oldest = this.tracked.keys().next();
        if (!oldest.done) this.tracked.delete(oldest.value);
      }
      f = { counted: 0 };
      this.tracked.set(key, f);
    }
    return f;
  }
}

import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  DelegateBackoff,
  handleWhen,
  type IRetryBackoffContext,
  isBrokenCircuitError,
  retry,
  TaskCancelledError,
  TimeoutStrategy,
  timeout,
} from 'cockatiel';
import { BudgetExhaustedError, type RequestBudget } from './budget.ts';
import { ProviderError, type SourceId } from './port.ts';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface ResilienceOptions {
  /** Each attempt is abandoned after this long (default 10 s). */
  readonly timeoutMs?: number;
  /** Attempts in all, the first included (default 3). */
  readonly maxAttempts?: number;
  /** Backoff before the first retry, doubled each time up to maxDelayMs, with jitter (defaults 500 ms and 10 s). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the call fails and the chain moves on (default 30 s). */
  readonly maxRetryAfterMs?: number;
  /** Consecutive failed calls that open the breaker (default 5). */
  readonly breakerThreshold?: number;
  /** How long the breaker stays open before one trial call (default 30 s). */
  readonly halfOpenAfterMs?: number;
  readonly budget?: RequestBudget;
  /** Jitter source in [0, 1) (default Math.random). */
  readonly random?: () => number;
  readonly onStateChange?: (provider: SourceId, state: BreakerState) => void;
}

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/** A failure that says the provider is struggling (not Bourse's own budget, not a bad symbol). */
function isProviderTrouble(error: Error): boolean {
  return error instanceof ProviderError && error.transient && !(error instanceof BudgetExhaustedError);
}

/**
 * One provider's policies, from cockatiel: a timeout on every attempt; retries with exponential
 * backoff and jitter on timeouts, 429s (and in-body rate limits), 5xx and network failures, each
 * wait at least the provider's Retry-After; and a breaker that opens after consecutive failed calls
 * and lets one trial through after a while. The budget is taken per attempt, since each one is a
 * request the provider counts.
 */
export class Resilience {
  private readonly breaker;
  private readonly retry;
  private readonly timeoutMs: number;

  constructor(
    readonly provider: SourceId,
    private readonly options: ResilienceOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const initial = options.initialDelayMs ?? 500;
    const maxDelay = options.maxDelayMs ?? 10_000;
    const maxRetryAfter = options.maxRetryAfterMs ?? 30_000;
    const random = options.random ?? Math.random;
    this.retry = retry(
      handleWhen((e) => isProviderTrouble(e) && ((e as ProviderError).details.retryAfterMs ?? 0) <= maxRetryAfter),
      {
        maxAttempts: Math.max(0, (options.maxAttempts ?? 3) - 1),
        backoff: new DelegateBackoff((context: IRetryBackoffContext<unknown>) => {
          // "Equal jitter": half the exponential step fixed, half random, so retries of many callers spread out.
          const step = Math.min(maxDelay, initial * 2 ** (context.attempt - 1));
          const jittered = step / 2 + random() * (step / 2);
          const error = 'error' in context.result ? context.result.error : undefined;
          const retryAfter = error instanceof ProviderError ? (error.details.retryAfterMs ?? 0) : 0;
          return Math.max(jittered, retryAfter);
        }),
      },
    );
    this.breaker = circuitBreaker(handleWhen(isProviderTrouble), {
      halfOpenAfter: options.halfOpenAfterMs ?? 30_000,
      breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
    });
    this.breaker.onStateChange((state) => options.onStateChange?.(provider, STATES[state]));
  }

  get state(): BreakerState {
    return STATES[this.breaker.state];
  }

  /** Runs `attempt` under the policies; it gets a signal that aborts at its timeout (or when `signal` does). */
  async execute<T>(attempt: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const perAttempt = timeout(this.timeoutMs, TimeoutStrategy.Cooperative);
    try {
      return await this.breaker.execute(
        () =>
          this.retry.execute(async () => {
            await this.options.budget?.take();
            try {
              return await perAttempt.execute((_context, timed) => attempt(timed), signal);
            } catch (error) {
              if (error instanceof TaskCancelledError) {
                throw new ProviderError(this.provider, 'unavailable', `no answer within ${this.timeoutMs} ms`, {}, { cause: error });
              }
              throw error;
            }
          }, signal),
        signal,
      );
    } catch (error) {
      if (isBrokenCircuitError(error) || error instanceof BrokenCircuitError) {
        throw new ProviderError(this.provider, 'unavailable', 'circuit open after repeated failures; calls paused', {}, { cause: error });
      }
      throw error;
    }
  }
}

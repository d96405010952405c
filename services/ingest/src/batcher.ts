import { PoisonMessageError, type Tick, UnavailableError } from '@bourse/core';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';

export interface BatcherOptions {
  /** Batches written at once (default 2). */
  readonly maxInFlight?: number;
  /**
   * How long a batch whose write fails because the store is away is retried here, counted from its
   * oldest message's arrival, before its messages are rejected with that error for the bus to redeliver
   * (default 0: at once). Keep it well under the bus's ack wait, or the bus redelivers what is held.
   */
  readonly holdMs?: number;
  /** Backoff between those retries (defaults 100 ms doubling to 2 s). */
  readonly retryDelayMs?: { readonly initial: number; readonly max: number };
  /** Called on each write that failed because the store is away, before it is retried or its messages rejected. */
  readonly onUnavailable?: (err: UnavailableError) => void;
  /** Called on each write that succeeded (after failures: the store is back). */
  readonly onWritten?: () => void;
  /** Called when bisecting found a message the store refuses, with the store's error. */
  readonly onRefused?: (err: unknown) => void;
}

interface Pending {
  readonly ticks: Tick[];
  readonly since: number;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Gathers ticks from many bus messages into one store transaction: flushed when
 * `batchSize` ticks wait or the oldest has waited `maxWaitMs`. Each message is acked
 * only once the batch holding its ticks is committed. Up to `maxInFlight` batches are
 * written at once, so the next batch is parsed and gathered while the database writes
 * the previous one (the store takes its locks in one order, so concurrent batches
 * cannot deadlock, and a tick in two batches is stored once).
 *
 * A write that fails tells two cases apart:
 * - the store is away (UnavailableError): nothing is wrong with the messages. The batch is
 *   retried with backoff for up to `holdMs`, then its messages are rejected with that error,
 *   which the bus retries without dead-lettering;
 * - the store refused the batch (a value it cannot hold, a constraint): some message in it is
 *   wrong. The batch is split in halves, each written on its own, down to the single messages
 *   the store refuses; only those are rejected, with PoisonMessageError giving the store's
 *   reason (the bus dead-letters them at once), and every other message is stored and acked.
 *   k bad messages among n cost about 2k·log2(n) extra writes.
 */
export class IngestBatcher {
  private pending: Pending[] = [];
  private count = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waiting: (() => void)[] = [];
  private readonly stopping = new AbortController();
  private readonly maxInFlight: number;
  private readonly holdMs: number;
  private readonly retrying;

  constructor(
    private readonly write: (ticks: Tick[]) => Promise<void>,
    private readonly batchSize: number,
    private readonly maxWaitMs: number,
    private readonly options: BatcherOptions = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? 2;
    this.holdMs = options.holdMs ?? 0;
    const { initial, max } = options.retryDelayMs ?? { initial: 100, max: 2000 };
    this.retrying = retry(
      handleWhen((err) => err instanceof UnavailableError),
      { maxAttempts: Number.POSITIVE_INFINITY, backoff: new ExponentialBackoff({ initialDelay: initial, maxDelay: max }) },
    );
    this.retrying.onFailure(({ reason }) => {
      if ('error' in reason && reason.error instanceof UnavailableError) options.onUnavailable?.(reason.error);
    });
  }

  add(ticks: Tick[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ ticks, since: Date.now(), resolve, reject });
      this.count += ticks.length;
      if (this.count >= this.batchSize) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.maxWaitMs);
    });
  }

  /** Start writing what is waiting; resolves when every batch started so far is written (or failed). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.count = 0;
    if (batch.length > 0) {
      while (this.inFlight.size >= this.maxInFlight) await new Promise<void>((r) => this.waiting.push(r));
      const writing = this.settle(batch);
      this.inFlight.add(writing);
      void writing.then(() => {
        this.inFlight.delete(writing);
        this.waiting.shift()?.();
      });
    }
    await Promise.all(this.inFlight);
  }

  /** Stop holding batches for the store to come back: what fails from now on is rejected at once (shutting down). */
  stopHolding(): void {
    this.stopping.abort();
  }

  /** Write the messages' ticks and resolve or reject every message; never rejects itself. */
  private async settle(batch: Pending[]): Promise<void> {
    try {
      await this.writeHeld(batch);
      for (const p of batch) p.resolve();
    } catch (err) {
      if (err instanceof UnavailableError) {
        for (const p of batch) p.reject(err);
      } else if (batch.length === 1) {
        this.options.onRefused?.(err);
        batch[0]!.reject(new PoisonMessageError(`the store refused its ticks: ${(err as Error)?.message ?? String(err)}`));
      } else {
        const half = Math.ceil(batch.length / 2);
        await this.settle(batch.slice(0, half));
        await this.settle(batch.slice(half));
      }
    }
  }

  /** One write, retried while the store is away until the batch's oldest message has waited `holdMs` (or the batcher stops). */
  private async writeHeld(batch: Pending[]): Promise<void> {
    const ticks = batch.flatMap((p) => p.ticks);
    const oldest = Math.min(...batch.map((p) => p.since));
    const left = oldest + this.holdMs - Date.now();
    if (left <= 0 || this.stopping.signal.aborted) {
      try {
        await this.write(ticks);
      } catch (err) {
        if (err instanceof UnavailableError) this.options.onUnavailable?.(err);
        throw err;
      }
    } else {
      // The signal ends the retries: the attempt under way finishes, and its error is the batch's.
      await this.retrying.execute(() => this.write(ticks), AbortSignal.any([AbortSignal.timeout(left), this.stopping.signal]));
    }
    this.options.onWritten?.();
  }
}

import type { Tick } from '@bourse/core';

export type FlushBatch = (symbol: string, ticks: Tick[]) => Promise<void>;

export interface TickBatcherOptions {
  /** flush a symbol's batch as soon as it holds this many ticks (default 100) */
  readonly maxSize?: number;
  /** flush a symbol's batch at the latest this long after its first tick (default 50 ms) */
  readonly lingerMs?: number;
  /**
   * Called when a flush fails, with the batch that was not delivered. Without it the
   * first failure is kept and rethrown by the next flushAll() or close().
   */
  readonly onError?: (error: unknown, symbol: string, ticks: Tick[]) => void;
}

export class BatcherClosedError extends Error {
  override name = 'BatcherClosedError';
  constructor() {
    super('the tick batcher is closed');
  }
}

interface Pending {
  ticks: Tick[];
  timer: NodeJS.Timeout | undefined;
  /** the symbol's last flush: batches of one symbol go out one after another, in seq order */
  tail: Promise<void>;
}

/**
 * Groups ticks per symbol so the bus carries batches (one message per up to `maxSize`
 * ticks: JetStream moves ~50x more ticks per second that way), bounded in latency by `lingerMs`.
 */
export class TickBatcher {
  readonly maxSize: number;
  readonly lingerMs: number;
  readonly #flush: FlushBatch;
  readonly #onError: TickBatcherOptions['onError'];
  readonly #pending = new Map<string, Pending>();
  #error: { error: unknown } | undefined;
  #closed = false;

  constructor(flush: FlushBatch, options: TickBatcherOptions = {}) {
    this.maxSize = options.maxSize ?? 100;
    this.lingerMs = options.lingerMs ?? 50;
    if (!Number.isSafeInteger(this.maxSize) || this.maxSize < 1)
      throw new RangeError(`maxSize must be a positive integer (got ${this.maxSize})`);
    if (!(this.lingerMs >= 0)) throw new RangeError(`lingerMs must be zero or more (got ${this.lingerMs})`);
    this.#flush = flush;
    this.#onError = options.onError;
  }

  /** Ticks held and not yet handed to the flush callback. */
  get size(): number {
    let n = 0;
    for (const p of this.#pending.values()) n += p.ticks.length;
    return n;
  }

  add(tick: Tick): void {
    if (this.#closed) throw new BatcherClosedError();
    let p = this.#pending.get(tick.symbol);
    if (p === undefined) {
      p = { ticks: [], timer: undefined, tail: Promise.resolve() };
      this.#pending.set(tick.symbol, p);
    }
    p.ticks.push(tick);
    if (p.ticks.length >= this.maxSize) {
      this.#send(tick.symbol, p);
    } else if (p.timer === undefined) {
      const symbol = tick.symbol;
      const pending = p;
      // unref: a lingering batch must not keep the process alive; close() flushes it instead.
      p.timer = setTimeout(() => this.#send(symbol, pending), this.lingerMs).unref();
    }
  }

  /** Flush every held batch and wait until all flushes (also those already under way) have finished. */
  async flushAll(): Promise<void> {
    for (const [symbol, p] of this.#pending) if (p.ticks.length > 0) this.#send(symbol, p);
    await Promise.all([...this.#pending.values()].map((p) => p.tail));
    if (this.#error !== undefined) {
      const { error } = this.#error;
      this.#error = undefined;
      throw error;
    }
  }

  /** Stop taking ticks, flush what is held, clear every timer. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flushAll();
  }

  #send(symbol: string, p: Pending): void {
    if (p.timer !== undefined) {
      clearTimeout(p.timer);
      p.timer = undefined;
    }
    if (p.ticks.length === 0) return;
    const batch = p.ticks;
    p.ticks = [];
    // Each link catches its own failure, so the chain never rejects and one bad batch does not stop the next.
    p.tail = p.tail
      .then(() => this.#flush(symbol, batch))
      .catch((error: unknown) => {
        if (this.#onError !== undefined) this.#onError(error, symbol, batch);
        else this.#error ??= { error };
      });
  }
}

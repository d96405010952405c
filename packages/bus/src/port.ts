import type { DeadLetterKind, Envelope, StoredRef } from '@bourse/core';

/**
 * The bus port. Two ways to listen:
 *
 * - `consume`: a durable, work-sharing consumer. Every process that consumes with the
 *   same `durable` name shares the messages (each delivered to one of them). A message
 *   is acked only after the handler's promise resolves (its effect is durable). What a
 *   handler's error does depends on what it says about the message:
 *   - transient (`isTransient`: a dependency away, a rate limit): redelivered with
 *     exponential backoff and jitter (capped at `maxRetryDelayMs`) for as long as it lasts,
 *     never counted and never dead-lettered;
 *   - `PoisonMessageError` (wrong in itself, no retry helps): dead-lettered at once;
 *   - any other error: redelivered after `retryDelayMs`, and dead-lettered once it has
 *     failed `maxDeliver` times.
 *   A dead letter goes to `dlq.<subject>` with the reason, and the original is then acked
 *   (never redelivered). Malformed messages (not an envelope) are dead-lettered by the
 *   adapter itself.
 *
 * - `subscribe`: a live fan-out subscription. Every subscriber (in every process)
 *   receives every message published after it subscribed; nothing is persisted or
 *   redelivered for it. Used for caches and WebSocket fan-out.
 *
 * Subjects are dotted; patterns use `*` for one token and `>` for the rest (NATS syntax).
 */
export interface Bus {
  readonly kind: 'memory' | 'nats';
  /**
   * Publish one envelope. Resolves once the bus has persisted it (JetStream ack) where the subject is persisted, or, while
   * NATS is away, once the NATS adapter's bounded outbox holds it for a resend with the same id (see outbox.ts): a
   * publisher is never held up for the length of an outage. Duplicate ids within the de-duplication window are dropped.
   */
  publish(subject: string, env: Envelope): Promise<void>;
  /** Start a durable consumer. Resolves once it is registered; messages flow until the returned handle is stopped. */
  consume(pattern: string, options: ConsumeOptions, handler: MessageHandler): Promise<Consumer>;
  /** Live fan-out subscription. Iterate it, or stop it with `unsubscribe()`. */
  subscribe(pattern: string): Subscription;
  /**
   * The last message the bus holds for a persisted subject, or undefined. A producer that
   * restarts reads it to continue where it stopped, including what it published that no
   * consumer has stored yet.
   */
  lastPublished(subject: string): Promise<Envelope | undefined>;
  /**
   * The bytes of a message the bus still holds, by its place in a stream: how the whole body of a
   * message too large to travel inside its dead letter is read back (undefined once expired).
   */
  storedMessage(ref: StoredRef): Promise<Uint8Array | undefined>;
  /** Is the bus reachable? For /ready. */
  health(): Promise<{ ok: boolean; detail?: string }>;
  /** Stop consumers (in-flight handlers finish and ack), flush publishes, close the connection. */
  close(): Promise<void>;
}

export interface BusMessage {
  readonly subject: string;
  readonly envelope: Envelope;
  /** 1 on first delivery, then 2, 3, ... */
  readonly deliveryCount: number;
}

export type MessageHandler = (msg: BusMessage) => Promise<void>;

export interface ConsumeOptions {
  /** Durable name shared by every instance of a service (e.g. `ingest`). */
  readonly durable: string;
  /** How many failures that are not transient before dead-lettering. Default 5. */
  readonly maxDeliver?: number;
  /** How long a handler may take before the message is redelivered. Default 30 s. NATS only: in one process a handler is slow, never lost. */
  readonly ackWaitMs?: number;
  /** How many messages may be in the handler at once in this process. Default 1000. */
  readonly concurrency?: number;
  /** Delay before a failed message is redelivered, and the first step of the transient backoff. Default 1000 ms. */
  readonly retryDelayMs?: number;
  /** Cap of the transient backoff. Default: the bus's (30 s unless configured). */
  readonly maxRetryDelayMs?: number;
}

export interface Consumer {
  /** Messages acked, redelivered (nak) after a failure of their own or a transient one, dead-lettered so far by this consumer. */
  readonly stats: ConsumerStats;
  /** Stop fetching; wait for in-flight handlers to finish and ack. */
  stop(): Promise<void>;
}

export interface ConsumerStats {
  acked: number;
  /** redeliveries after a failure that counts towards maxDeliver */
  retried: number;
  /** redeliveries after a transient failure (not counted) */
  transientRetries: number;
  /** each dead letter once */
  deadLettered: number;
}

export interface Subscription extends AsyncIterable<BusMessage> {
  unsubscribe(): void;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Thrown by a handler for a message no retry can fix (bad payload): dead-letter it now with this reason (defined in core, where payloads are read). */
export { PoisonMessageError } from '@bourse/core';

/** A subject, pattern or durable name the bus cannot use (wildcard in a publish subject, `.` in a durable, ...). */
export class InvalidBusArgumentError extends Error {
  override name = 'InvalidBusArgumentError';
}

/** Publish, consume or subscribe on a bus that is closing or closed. */
export class BusClosedError extends Error {
  override name = 'BusClosedError';
}

/** The in-process bus refuses a message rather than grow a durable's queue without bound. */
export class BusOverflowError extends Error {
  override name = 'BusOverflowError';
}

/** Where adapters report what they cannot throw to a caller (a dead letter that failed, a dropped message). Pino loggers fit. */
export interface BusLogger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** The body of a dead letter (`dlq.<subject>`) and its parts: schemas in core, where the recorder reads them. */
export type { DeadLetter, DeadLetterKind, StoredRef } from '@bourse/core';

/** What the adapters report for metrics (the kit counts them on /metrics). */
export interface BusObserver {
  deadLettered(event: { readonly pattern: string; readonly consumer: string; readonly kind: DeadLetterKind }): void;
  transientRetry(event: { readonly pattern: string; readonly consumer: string }): void;
}

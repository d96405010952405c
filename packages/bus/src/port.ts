import type { Envelope } from '@bourse/core';

/**
 * The bus port. Two ways to listen:
 *
 * - `consume`: a durable, work-sharing consumer. Every process that consumes with the
 *   same `durable` name shares the messages (each delivered to one of them). A message
 *   is acked only after the handler's promise resolves (its effect is durable); a
 *   handler that throws gets the message redelivered, up to `maxDeliver` times, after
 *   which the message goes to the dead-letter subject `dlq.<subject>` with the reason.
 *   A handler that throws `PoisonMessageError` dead-letters at once (no retry helps).
 *   Malformed messages (not an envelope) are dead-lettered by the adapter itself.
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
  /** How many deliveries before dead-lettering. Default 5. */
  readonly maxDeliver?: number;
  /** How long a handler may take before the message is redelivered. Default 30 s. NATS only: in one process a handler is slow, never lost. */
  readonly ackWaitMs?: number;
  /** How many messages may be in the handler at once in this process. Default 1000. */
  readonly concurrency?: number;
  /** Delay before a failed message is redelivered. Default 1000 ms (memory adapter honours it too). */
  readonly retryDelayMs?: number;
}

export interface Consumer {
  /** Messages acked, redelivered (nak), dead-lettered so far by this consumer. */
  readonly stats: { acked: number; retried: number; deadLettered: number };
  /** Stop fetching; wait for in-flight handlers to finish and ack. */
  stop(): Promise<void>;
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

/** The body of a dead letter, published as an envelope of type `dead-letter` on `dlq.<subject>`. */
export interface DeadLetter {
  readonly subject: string;
  readonly reason: string;
  readonly deliveries: number;
  /** the original message: the envelope if it parsed, else the raw text */
  readonly original: unknown;
  readonly consumer: string;
}

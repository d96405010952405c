import { JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { reasonOf } from './dead-letter.ts';
import { Outbox, type OutboxObserver, type OutboxStats } from './outbox.ts';
import type { BusLogger } from './port.ts';

/** Defaults of the publish side when the configuration does not say (tests, benchmarks). */
export const PUBLISH_DEFAULTS = {
  dedupWindowMs: 300_000,
  maxBytes: 16 * 2 ** 30,
  bufferMessages: 100_000,
  bufferBytes: 64 * 2 ** 20,
  policy: 'drop-oldest',
  closeTimeoutMs: 10_000,
  publishTimeoutMs: 5000,
} as const;

export interface NatsOutboxOptions {
  readonly maxMessages?: number;
  readonly maxBytes?: number;
  readonly policy?: 'drop-oldest' | 'reject-new';
  /** How long close() tries to flush what is held before it drops it. */
  readonly closeTimeoutMs?: number;
  /** How long one JetStream publish waits for its ack. */
  readonly publishTimeoutMs?: number;
  readonly observer?: OutboxObserver;
}

/** Errors that say the message itself is wrong; anything else (timeouts, no responders, a lost connection) is NATS away. */
const MESSAGE_ERRORS = new Set(['InvalidArgumentError', 'InvalidSubjectError', 'PermissionViolationError', 'AuthorizationError']);

/**
 * A failed JetStream publish worth repeating: the broker or its JetStream is away, slow or
 * recovering. Refusals of the message (too large for max_payload, a subject it may not use, a
 * JetStream 4xx) are not: resending would fail alike and hold up the messages behind it.
 */
export function isTransientPublishError(err: unknown): boolean {
  if (!(err instanceof Error)) return true;
  if (MESSAGE_ERRORS.has(err.name)) return false;
  if (err instanceof JetStreamApiError) return err.status >= 500;
  return true;
}

export interface NatsOutbox {
  readonly stats: Readonly<OutboxStats>;
  publish(m: { subject: string; id: string; bytes: Uint8Array }): Promise<void>;
  /** Flush what is held within the close deadline, then drop the rest (logged). */
  close(): Promise<void>;
  /** Drain the connection, or just close it when NATS is away (a drain would wait for it). */
  closeConnection(): Promise<void>;
}

/**
 * The outbox of a NATS connection: JetStream publishes with the envelope id as message id,
 * paused while the connection is down and resumed when it is back.
 */
export function natsOutbox(nc: NatsConnection, js: JetStreamClient, log: BusLogger, o: NatsOutboxOptions = {}): NatsOutbox {
  const timeout = o.publishTimeoutMs ?? PUBLISH_DEFAULTS.publishTimeoutMs;
  const box = new Outbox({
    maxMessages: o.maxMessages ?? PUBLISH_DEFAULTS.bufferMessages,
    maxBytes: o.maxBytes ?? PUBLISH_DEFAULTS.bufferBytes,
    policy: o.policy ?? PUBLISH_DEFAULTS.policy,
    send: async (m) => {
      await js.publish(m.subject, m.bytes, { msgID: m.id, timeout });
    },
    isTransient: isTransientPublishError,
    logger: log,
    ...(o.observer ? { observer: o.observer } : {}),
  });
  let connected = true;
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') {
        connected = false;
        box.pause(`disconnected from ${s.server}`);
      } else if (s.type === 'reconnect') {
        connected = true;
        box.resume();
      }
    }
  })().catch((err) => log.warn({ reason: reasonOf(err) }, 'watching the NATS connection stopped'));

  return {
    stats: box.stats,
    publish: (m) => box.publish(m),
    async close() {
      await box.close(o.closeTimeoutMs ?? PUBLISH_DEFAULTS.closeTimeoutMs);
    },
    async closeConnection() {
      if (nc.isClosed()) return;
      if (connected) {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout)));
        await Promise.race([nc.drain().catch(() => undefined), deadline]);
        clearTimeout(timer);
      }
      if (!nc.isClosed()) await nc.close().catch(() => undefined);
    },
  };
}

import { decodeEnvelope, type Envelope, encodeEnvelope, STREAMS, UnavailableError } from '@bourse/core';
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  DiscardPolicy,
  type JetStreamClient,
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  type JsMsg,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { connect, type NatsConnection, nanos, type Subscription as NatsSubscription } from '@nats-io/transport-node';
import { consoleLogger, deadLetterEnvelope, noObserver, reasonOf } from './dead-letter.ts';
import { FailureTracker } from './failures.ts';
import { consumeDefaults, DEFAULT_MAX_PAYLOAD } from './memory.ts';
import { type NatsOutboxOptions, natsOutbox, PUBLISH_DEFAULTS } from './nats-publish.ts';
import type { OutboxStats } from './outbox.ts';
import {
  type Bus,
  BusClosedError,
  type BusLogger,
  type BusMessage,
  type BusObserver,
  type Consumer,
  type ConsumerStats,
  type ConsumeOptions,
  type DeadLetterKind,
  InvalidBusArgumentError,
  type MessageHandler,
  type StoredRef,
  type Subscription,
} from './port.ts';
import { assertDurable, assertPattern, assertSubject, streamForConsumer, streamOf } from './subjects.ts';

/** A stream the bus creates or brings up to date at start. */
export interface StreamSpec {
  readonly name: string;
  readonly subjects: readonly string[];
  readonly maxAgeMs: number;
  /** Bytes it keeps on disk at most (oldest messages go first); default: its share of `maxBytes`. */
  readonly maxBytes?: number;
}

/**
 * How the bytes budget (BOURSE_NATS_MAX_BYTES) is shared between the streams. The server reserves
 * each stream's max_bytes, so the sum is what the disk must hold; ticks are most of the traffic.
 */
const BYTES_SHARE: Readonly<Record<string, number>> = { MD_TICKS: 0.6, MD_BARS: 0.15, MD_CHAINS: 0.05, REF: 0.02, DLQ: 0.08, LOGS: 0.1 };
const OTHER_SHARE = 0.02;

export interface NatsBusOptions {
  readonly servers: string | readonly string[];
  /** Connection name (shown by the server) and source of dead letters: the service name. */
  readonly name: string;
  /** Default: the STREAMS of @bourse/core. */
  readonly streams?: readonly StreamSpec[];
  /** JetStream's publish de-duplication window: longer than any resend from the outbox. Default 5 minutes. */
  readonly dedupWindowMs?: number;
  /** Copies of each stream (a NATS cluster). Default 1. */
  readonly replicas?: number;
  /** Bytes all streams together keep on disk, shared out by BYTES_SHARE. Default 16 GiB. */
  readonly maxBytes?: number;
  /** The publish buffer: bounds, policy, close deadline, metrics. */
  readonly outbox?: NatsOutboxOptions;
  readonly logger?: BusLogger;
  /** Counts dead letters and transient retries (the kit's metrics). */
  readonly observer?: BusObserver;
  /** Default cap of the transient backoff for consumers that set none. Default 30 s. */
  readonly maxRetryDelayMs?: number;
}

/** The NATS bus, with the connection exposed for what the port does not cover (tests publish raw bytes with it). */
export interface NatsBus extends Bus {
  readonly kind: 'nats';
  readonly connection: NatsConnection;
  /** What the publish buffer holds and has done (live counters). */
  readonly outbox: Readonly<OutboxStats>;
}

/**
 * The server never stops redelivering (max_deliver -1): its delivery count includes transient
 * retries, which must not cut a message off, so the adapter counts the other failures itself.
 */
const SERVER_MAX_DELIVER = -1;
/** Room left in max_payload for a dead letter's headers (its message id). */
const HEADER_ROOM = 4096;

function isApiError(err: unknown, code: number): boolean {
  return err instanceof JetStreamApiError && err.code === code;
}

interface StreamSettings {
  readonly dedupWindowMs: number;
  readonly replicas: number;
  readonly maxBytes: number;
}

/**
 * Create each stream, or update it when its settings differ. Safe to race with other processes.
 * Every setting is explicit rather than the server's default: file storage (survives a broker
 * restart), limits retention with the oldest discarded first, a max age and a max size, the
 * duplicate window that makes the outbox's resends exact, and the replicas of a cluster.
 */
async function ensureStreams(jsm: JetStreamManager, streams: readonly StreamSpec[], settings: StreamSettings): Promise<void> {
  for (const s of streams) {
    const wanted = {
      subjects: [...s.subjects],
      max_age: nanos(s.maxAgeMs),
      max_bytes: s.maxBytes ?? Math.floor(settings.maxBytes * (BYTES_SHARE[s.name] ?? OTHER_SHARE)),
      duplicate_window: nanos(settings.dedupWindowMs),
      num_replicas: settings.replicas,
    };
    let current: Awaited<ReturnType<JetStreamManager['streams']['info']>> | undefined;
    try {
      current = await jsm.streams.info(s.name);
    } catch (err) {
      if (!isApiError(err, JetStreamApiCodes.StreamNotFound)) throw err;
    }
    if (!current) {
      try {
        await jsm.streams.add({
          name: s.name,
          ...wanted,
          storage: StorageType.File,
          retention: RetentionPolicy.Limits,
          discard: DiscardPolicy.Old,
        });
        continue;
      } catch (err) {
        // another process created it between our info and add: fall through to an update
        current = await jsm.streams.info(s.name).catch(() => {
          throw err;
        });
      }
    }
    const c = current.config;
    const same =
      c.max_age === wanted.max_age &&
      c.max_bytes === wanted.max_bytes &&
      c.duplicate_window === wanted.duplicate_window &&
      c.num_replicas === wanted.num_replicas &&
      (c.subjects ?? []).length === wanted.subjects.length &&
      wanted.subjects.every((x) => c.subjects?.includes(x));
    // storage and retention cannot change on a live stream: a stream made otherwise is kept as it is
    if (!same) await jsm.streams.update(s.name, { ...c, ...wanted });
  }
}

/**
 * The bus of the distributed shape: NATS JetStream. Publishes to persisted subjects go through
 * JetStream with the envelope id as message id (server-side de-duplication); durables are pull
 * consumers with explicit acks that every process of a service shares; subscriptions are plain
 * core NATS subscriptions, which also see every JetStream-published message.
 */
export async function createNatsBus(opts: NatsBusOptions): Promise<NatsBus> {
  const servers = typeof opts.servers === 'string' ? opts.servers.split(',') : [...opts.servers];
  const streams: readonly StreamSpec[] = opts.streams ?? STREAMS;
  const log = opts.logger ?? consoleLogger;
  const observer = opts.observer ?? noObserver;
  let nc: NatsConnection;
  try {
    nc = await connect({ servers, name: opts.name, maxReconnectAttempts: -1 });
  } catch (err) {
    throw new UnavailableError(`cannot connect to NATS at ${servers.join(',')}: ${reasonOf(err)}`, err);
  }
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  try {
    jsm = await jetstreamManager(nc);
    js = jetstream(nc);
    await ensureStreams(jsm, streams, {
      dedupWindowMs: opts.dedupWindowMs ?? PUBLISH_DEFAULTS.dedupWindowMs,
      replicas: opts.replicas ?? 1,
      maxBytes: opts.maxBytes ?? PUBLISH_DEFAULTS.maxBytes,
    });
  } catch (err) {
    await nc.close();
    throw new UnavailableError(`NATS JetStream is not usable: ${reasonOf(err)}`, err);
  }

  const outbox = natsOutbox(nc, js, log, opts.outbox);

  const consumers = new Set<{ stop(): Promise<void> }>();
  /** `stream/durable` -> the pattern this process consumes it with */
  const patterns = new Map<string, string>();
  let state: 'open' | 'closing' | 'closed' = 'open';

  function assertOpen(): void {
    if (state !== 'open') throw new BusClosedError('the bus is closed');
  }

  async function ensureConsumer(stream: string, durable: string, pattern: string, o: ReturnType<typeof consumeDefaults>): Promise<void> {
    const wanted = {
      filter_subject: pattern,
      ack_wait: nanos(o.ackWaitMs),
      max_deliver: SERVER_MAX_DELIVER,
      // every process of the service pulls up to `concurrency`; leave room for several of them
      max_ack_pending: Math.max(10_000, o.concurrency * 4),
    };
    try {
      const info = await jsm.consumers.info(stream, durable);
      const c = info.config;
      if (
        c.filter_subject !== wanted.filter_subject ||
        c.ack_wait !== wanted.ack_wait ||
        c.max_deliver !== wanted.max_deliver ||
        c.max_ack_pending !== wanted.max_ack_pending
      ) {
        await jsm.consumers.update(stream, durable, wanted);
      }
      return;
    } catch (err) {
      if (!isApiError(err, JetStreamApiCodes.ConsumerNotFound)) throw err;
    }
    try {
      await jsm.consumers.add(stream, {
        ...wanted,
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        // a service that starts consuming wants what happens from now on; history is in the store
        deliver_policy: DeliverPolicy.New,
      });
    } catch (err) {
      // created by another process meanwhile: fine if it exists now
      await jsm.consumers.info(stream, durable).catch(() => {
        throw err;
      });
    }
  }

  async function consume(pattern: string, options: ConsumeOptions, handler: MessageHandler): Promise<Consumer> {
    assertOpen();
    assertPattern(pattern);
    assertDurable(options.durable);
    const stream = streamForConsumer(streams, pattern).name;
    const o = consumeDefaults(options, opts.maxRetryDelayMs);
    const durable = options.durable;
    // Two patterns on one durable would make the server switch its filter under the first consumer.
    const key = `${stream}/${durable}`;
    const claimed = patterns.get(key);
    if (claimed !== undefined && claimed !== pattern) {
      throw new InvalidBusArgumentError(`durable "${durable}" already consumes "${claimed}", not "${pattern}"`);
    }
    patterns.set(key, pattern);
    let messages: ConsumerMessages;
    try {
      await ensureConsumer(stream, durable, pattern, o);
      const consumer = await js.consumers.get(stream, durable);
      messages = await consumer.consume({ max_messages: Math.min(o.concurrency, 1000) });
    } catch (err) {
      if (claimed === undefined) patterns.delete(key);
      throw err;
    }

    void (async () => {
      for await (const s of messages.status()) {
        if (s.type === 'consumer_deleted' || s.type === 'consumer_not_found' || s.type === 'stream_not_found') {
          log.warn({ durable, pattern, status: s.type }, 'consumer is missing on the server; waiting for it to come back');
        }
      }
    })().catch(() => undefined);

    const stats: ConsumerStats = { acked: 0, retried: 0, transientRetries: 0, deadLettered: 0 };
    const failures = new FailureTracker(o);
    /** stream sequences being handled here: one delivered again meanwhile outlived its ack wait */
    const handling = new Set<number>();
    let inflight = 0;
    let stopping = false;
    let slotFree: (() => void) | undefined;
    let idle: (() => void)[] = [];

    async function deadLetter(m: JsMsg, kind: DeadLetterKind, reason: string, parsed: Envelope | undefined, key: string): Promise<void> {
      const dl = deadLetterEnvelope({
        subject: m.subject,
        kind,
        reason,
        deliveries: m.info.deliveryCount,
        raw: m.data,
        ...(parsed ? { parsed } : {}),
        consumer: durable,
        source: opts.name,
        originalKey: key,
        ref: { stream: m.info.stream, seq: m.seq },
        maxBytes: (nc.info?.max_payload ?? DEFAULT_MAX_PAYLOAD) - HEADER_ROOM,
      });
      let duplicate: boolean;
      try {
        ({ duplicate } = await js.publish(dl.subject, dl.bytes, { msgID: dl.envelope.id }));
      } catch (err) {
        // keep the message rather than lose it: it comes back and the dead letter is tried again
        log.error({ err, subject: m.subject, durable, reason }, 'dead letter could not be published; will retry');
        m.nak(o.retryDelayMs);
        return;
      }
      // An ack, not a term: nats-server 2.9 does not honour term with a reason and redelivers. Acked
      // and confirmed, the original is never delivered again; were the ack lost, the same dead
      // letter id would come back a duplicate, and is not counted twice.
      await m.ackAck().catch((err) => log.warn({ err, subject: m.subject, durable }, 'ack of a dead-lettered message unconfirmed'));
      failures.forget(String(m.seq));
      if (!duplicate) {
        stats.deadLettered++;
        observer.deadLettered({ pattern, consumer: durable, kind });
      }
    }

    async function handle(m: JsMsg): Promise<void> {
      let env: Envelope;
      try {
        env = decodeEnvelope(m.data);
      } catch (err) {
        await deadLetter(m, 'malformed', reasonOf(err), undefined, `${m.info.stream}:${m.seq}`);
        return;
      }
      const key = String(m.seq);
      if (handling.has(m.seq)) {
        // delivered again while its handler still runs here: the handler is slower than the ack wait
        const verdict = failures.failed(key, new Error(`not acked within the ack wait (${o.ackWaitMs} ms)`));
        if (verdict.action === 'dead-letter') await deadLetter(m, 'not_acked', verdict.reason, env, env.id);
        else m.nak(verdict.delayMs);
        return;
      }
      handling.add(m.seq);
      try {
        await handler({ subject: m.subject, envelope: env, deliveryCount: m.info.deliveryCount });
      } catch (err) {
        const verdict = failures.failed(key, err);
        if (verdict.action === 'dead-letter') {
          await deadLetter(m, verdict.kind, verdict.reason, env, env.id);
        } else {
          m.nak(verdict.delayMs);
          if (verdict.transient) {
            stats.transientRetries++;
            observer.transientRetry({ pattern, consumer: durable });
          } else {
            stats.retried++;
          }
        }
        return;
      } finally {
        handling.delete(m.seq);
      }
      failures.forget(key);
      m.ack();
      stats.acked++;
    }

    function start(m: JsMsg): void {
      inflight++;
      void handle(m)
        .catch((err) => log.error({ err, subject: m.subject, durable }, 'message handling failed'))
        .finally(() => {
          inflight--;
          const free = slotFree;
          slotFree = undefined;
          free?.();
          if (inflight === 0) for (const resolve of idle.splice(0)) resolve();
        });
    }

    const loop = (async () => {
      for await (const m of messages) {
        if (inflight >= o.concurrency) await new Promise<void>((resolve) => (slotFree = resolve));
        // fetched but not started: hand it straight back so another process gets it now
        if (stopping) m.nak();
        else start(m);
      }
    })().catch((err) => log.error({ err, durable, pattern }, 'consumer stopped on an error'));

    const handle_ = {
      stats,
      async stop(): Promise<void> {
        if (stopping) return;
        stopping = true;
        consumers.delete(handle_);
        await messages.close();
        const free = slotFree;
        slotFree = undefined;
        free?.();
        await loop;
        if (inflight > 0) await new Promise<void>((resolve) => idle.push(resolve));
        idle = [];
      },
    };
    consumers.add(handle_);
    return handle_;
  }

  function subscribe(pattern: string): Subscription {
    assertOpen();
    assertPattern(pattern);
    const sub: NatsSubscription = nc.subscribe(pattern);
    async function* iterate(): AsyncGenerator<BusMessage> {
      for await (const m of sub) {
        let env: Envelope;
        try {
          env = decodeEnvelope(m.data);
        } catch (err) {
          log.warn({ subject: m.subject, reason: reasonOf(err) }, 'subscriber skipped a malformed message');
          continue;
        }
        yield { subject: m.subject, envelope: env, deliveryCount: 1 };
      }
    }
    const unsubscribe = () => {
      if (!sub.isClosed()) sub.unsubscribe();
    };
    return {
      [Symbol.asyncIterator]: iterate,
      unsubscribe,
      async [Symbol.asyncDispose]() {
        unsubscribe();
      },
    };
  }

  return {
    kind: 'nats',
    connection: nc,
    outbox: outbox.stats,

    // Persisted subjects go through the outbox (see Outbox for when this resolves); live ones are
    // fire-and-forget core NATS, which the client buffers itself while reconnecting.
    async publish(subject: string, env: Envelope): Promise<void> {
      assertOpen();
      assertSubject(subject);
      const bytes = encodeEnvelope(env);
      if (streamOf(streams, subject)) await outbox.publish({ subject, id: env.id, bytes });
      else nc.publish(subject, bytes);
    },

    async storedMessage(ref: StoredRef): Promise<Uint8Array | undefined> {
      assertOpen();
      try {
        const stored = await jsm.streams.getMessage(ref.stream, { seq: ref.seq });
        return stored?.data;
      } catch (err) {
        if (/no message found|not found/i.test(reasonOf(err))) return undefined;
        throw err;
      }
    },

    async lastPublished(subject: string): Promise<Envelope | undefined> {
      assertOpen();
      assertSubject(subject);
      const stream = streamOf(streams, subject);
      if (!stream) return undefined;
      try {
        const stored = await jsm.streams.getMessage(stream.name, { last_by_subj: subject });
        return stored ? decodeEnvelope(stored.data) : undefined;
      } catch (err) {
        if (/no message found|not found/i.test(reasonOf(err))) return undefined;
        throw err;
      }
    },

    consume,
    subscribe,

    async health() {
      if (nc.isClosed()) return { ok: false, detail: 'connection closed' };
      let timer: NodeJS.Timeout | undefined;
      try {
        const rtt = await Promise.race([
          nc.rtt(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('no answer within 2 s')), 2000);
          }),
        ]);
        return { ok: true, detail: `${nc.getServer()} rtt ${rtt.toFixed(1)} ms` };
      } catch (err) {
        return { ok: false, detail: `${nc.getServer()}: ${reasonOf(err)}` };
      } finally {
        clearTimeout(timer);
      }
    },

    async close(): Promise<void> {
      if (state !== 'open') return;
      state = 'closing';
      await Promise.all([...consumers].map((c) => c.stop()));
      // what is held goes out within the close deadline, the rest is dropped and said so
      await outbox.close();
      // drain flushes the acks above before the connection closes; with NATS away it would wait for ever
      await outbox.closeConnection();
      state = 'closed';
    },
  };
}

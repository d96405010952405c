import { decodeEnvelope, type Envelope } from '@bourse/core';
import { consoleLogger, deadLetterEnvelope, noObserver, reasonOf } from './dead-letter.ts';
import { FailureTracker } from './failures.ts';
import {
  type Bus,
  BusClosedError,
  type BusLogger,
  type BusMessage,
  type BusObserver,
  BusOverflowError,
  type Consumer,
  type ConsumerStats,
  type ConsumeOptions,
  type DeadLetterKind,
  InvalidBusArgumentError,
  type MessageHandler,
  type Subscription,
} from './port.ts';
import {
  assertDurable,
  assertPattern,
  assertSubject,
  type CompiledPattern,
  compilePattern,
  DEFAULT_STREAMS,
  matches,
  type StreamSubjects,
  streamForConsumer,
  streamOf,
} from './subjects.ts';

export interface MemoryBusOptions {
  /** Source of dead letters this bus publishes. Default `memory`. */
  readonly name?: string;
  /** Publishes of an id seen within this window are dropped, like JetStream's duplicate window. Default 2 minutes. */
  readonly dedupWindowMs?: number;
  /** Bound on remembered ids; the oldest are forgotten first. Default 1,000,000. */
  readonly maxDedupIds?: number;
  /** Bound on messages waiting for one durable; publish fails with BusOverflowError past it. Default 1,000,000. */
  readonly maxQueuedPerDurable?: number;
  /** Which subjects are persisted (de-duplicated, queued for durables). Default: the STREAMS of @bourse/core. */
  readonly streams?: readonly StreamSubjects[];
  readonly logger?: BusLogger;
  /** Counts dead letters and transient retries (the kit's metrics). */
  readonly observer?: BusObserver;
  /** Default cap of the transient backoff for consumers that set none. Default 30 s. */
  readonly maxRetryDelayMs?: number;
  /** Largest dead letter, in bytes, before it is truncated (the body stays readable by `storedMessage`), as NATS's max_payload. Default 1 MiB. */
  readonly maxPayload?: number;
  /** Clock for the de-duplication window. */
  readonly now?: () => number;
}

/** The in-process bus, with a test hook to inject bytes that are not an envelope. */
export interface MemoryBus extends Bus {
  readonly kind: 'memory';
  /** Publish raw text or bytes as they are (no envelope, no de-duplication): how tests feed malformed input. */
  publishRaw(subject: string, data: Uint8Array | string): Promise<void>;
}

/** One stored message. Envelopes travel as JSON text, as they would over NATS, so handlers never share objects. */
interface Stored {
  readonly subject: string;
  readonly text: string;
  readonly seq: number;
}

interface Pending {
  readonly msg: Stored;
  /** deliveries so far */
  readonly deliveries: number;
}

/** A FIFO with O(1) shift that compacts itself now and then. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get size(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head]!;
    this.items[this.head] = undefined as T;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

/** A durable: it queues every matching message from its creation on, and its workers share them. */
interface Durable {
  readonly name: string;
  readonly pattern: string;
  readonly compiled: CompiledPattern;
  readonly queue: Fifo<Pending>;
  readonly workers: Worker[];
  next: number;
}

interface Worker {
  readonly options: Required<Omit<ConsumeOptions, 'durable'>>;
  readonly handler: MessageHandler;
  readonly failures: FailureTracker;
  inflight: number;
  stopping: boolean;
  readonly stats: ConsumerStats;
  idle: (() => void)[];
}

const DEFAULTS = { maxDeliver: 5, ackWaitMs: 30_000, concurrency: 1000, retryDelayMs: 1000, maxRetryDelayMs: 30_000 } as const;

export const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

export function consumeDefaults(
  options: ConsumeOptions,
  busMaxRetryDelayMs: number = DEFAULTS.maxRetryDelayMs,
): Required<Omit<ConsumeOptions, 'durable'>> {
  const o = {
    maxDeliver: options.maxDeliver ?? DEFAULTS.maxDeliver,
    ackWaitMs: options.ackWaitMs ?? DEFAULTS.ackWaitMs,
    concurrency: options.concurrency ?? DEFAULTS.concurrency,
    retryDelayMs: options.retryDelayMs ?? DEFAULTS.retryDelayMs,
    maxRetryDelayMs: options.maxRetryDelayMs ?? busMaxRetryDelayMs,
  };
  for (const [k, v] of Object.entries(o)) {
    const min = k === 'retryDelayMs' ? 0 : 1;
    if (!Number.isInteger(v) || v < min) throw new InvalidBusArgumentError(`consume option ${k} must be an integer >= ${min} (got ${v})`);
  }
  return o;
}

/**
 * The in-process bus of the embedded shape, with the delivery semantics of the NATS adapter
 * (de-duplication, durables that share work, ack after the handler, bounded redelivery,
 * dead letters, wildcard fan-out), so code tested here behaves the same distributed.
 * It does not redeliver a message whose handler outlives `ackWaitMs`: in one process a
 * handler cannot be lost, only slow.
 */
export function createMemoryBus(opts: MemoryBusOptions = {}): MemoryBus {
  const name = opts.name ?? 'memory';
  const dedupWindowMs = opts.dedupWindowMs ?? 120_000;
  const maxDedupIds = opts.maxDedupIds ?? 1_000_000;
  const maxQueued = opts.maxQueuedPerDurable ?? 1_000_000;
  const streams = opts.streams ?? DEFAULT_STREAMS;
  const log = opts.logger ?? consoleLogger;
  const observer = opts.observer ?? noObserver;
  const maxPayload = opts.maxPayload ?? DEFAULT_MAX_PAYLOAD;
  const now = opts.now ?? Date.now;
  /** Originals of truncated dead letters, by seq, readable through storedMessage (the few newest: one process needs no more). */
  const held = new Map<number, Stored>();
  const MAX_HELD = 64;

  /** id -> time first seen; a Map iterates in insertion order, so the oldest come first. */
  const seen = new Map<string, number>();
  const durables = new Map<string, Durable>();
  const subscriptions = new Set<MemorySubscription>();
  const retryTimers = new Set<NodeJS.Timeout>();
  const dirty = new Set<Durable>();
  let dispatchScheduled = false;
  let seq = 0;
  let state: 'open' | 'closing' | 'closed' = 'open';

  function isDuplicate(id: string): boolean {
    const t = now();
    for (const [oldId, at] of seen) {
      if (t - at < dedupWindowMs && seen.size < maxDedupIds) break;
      seen.delete(oldId);
    }
    if (seen.has(id)) return true;
    seen.set(id, t);
    return false;
  }

  function scheduleDispatch(d: Durable): void {
    dirty.add(d);
    if (dispatchScheduled) return;
    dispatchScheduled = true;
    // Delivery happens on a later turn of the event loop, never inside publish.
    setImmediate(() => {
      dispatchScheduled = false;
      const ds = [...dirty];
      dirty.clear();
      for (const x of ds) dispatch(x);
    });
  }

  function dispatch(d: Durable): void {
    while (d.queue.size > 0) {
      const w = pickWorker(d);
      if (!w) return;
      run(d, w, d.queue.shift()!);
    }
  }

  /** Round-robin over the workers that have room. */
  function pickWorker(d: Durable): Worker | undefined {
    const n = d.workers.length;
    for (let i = 0; i < n; i++) {
      const w = d.workers[(d.next + i) % n]!;
      if (!w.stopping && w.inflight < w.options.concurrency) {
        d.next = (d.next + i + 1) % n;
        return w;
      }
    }
    return undefined;
  }

  function run(d: Durable, w: Worker, p: Pending): void {
    w.inflight++;
    const deliveries = p.deliveries + 1;
    void handle(d, w, p.msg, deliveries).finally(() => {
      w.inflight--;
      if (w.inflight === 0) for (const resolve of w.idle.splice(0)) resolve();
      scheduleDispatch(d);
    });
  }

  async function handle(d: Durable, w: Worker, msg: Stored, deliveries: number): Promise<void> {
    let env: Envelope;
    try {
      env = decodeEnvelope(msg.text);
    } catch (err) {
      deadLetter(d, w, msg, deliveries, 'malformed', reasonOf(err), undefined, `seq:${msg.seq}`);
      return;
    }
    const key = String(msg.seq);
    try {
      await w.handler({ subject: msg.subject, envelope: env, deliveryCount: deliveries });
      w.failures.forget(key);
      w.stats.acked++;
    } catch (err) {
      const verdict = w.failures.failed(key, err);
      if (verdict.action === 'dead-letter') {
        deadLetter(d, w, msg, deliveries, verdict.kind, verdict.reason, env, env.id);
        return;
      }
      if (verdict.transient) {
        w.stats.transientRetries++;
        observer.transientRetry({ pattern: d.pattern, consumer: d.name });
      } else {
        w.stats.retried++;
      }
      const timer = setTimeout(() => {
        retryTimers.delete(timer);
        d.queue.push({ msg, deliveries });
        scheduleDispatch(d);
      }, verdict.delayMs);
      retryTimers.add(timer);
    }
  }

  function deadLetter(
    d: Durable,
    w: Worker,
    msg: Stored,
    deliveries: number,
    kind: DeadLetterKind,
    reason: string,
    parsed: Envelope | undefined,
    key: string,
  ): void {
    const stream = streamOf(streams, msg.subject);
    const dl = deadLetterEnvelope({
      subject: msg.subject,
      kind,
      reason,
      deliveries,
      raw: new TextEncoder().encode(msg.text),
      ...(parsed ? { parsed } : {}),
      consumer: d.name,
      source: name,
      originalKey: key,
      ...(stream ? { ref: { stream: stream.name, seq: msg.seq } } : {}),
      maxBytes: maxPayload,
    });
    try {
      if (dl.envelope.data.truncated) hold(msg);
      if (deliver(dl.subject, new TextDecoder().decode(dl.bytes), dl.envelope.id)) {
        w.stats.deadLettered++;
        observer.deadLettered({ pattern: d.pattern, consumer: d.name, kind });
      }
    } catch (err) {
      log.error({ err, subject: msg.subject, durable: d.name, reason }, 'dead letter could not be queued; message dropped');
    }
  }

  function hold(msg: Stored): void {
    held.set(msg.seq, msg);
    for (const seqHeld of held.keys()) {
      if (held.size <= MAX_HELD) break;
      held.delete(seqHeld);
    }
  }

  /** The last envelope published on each persisted subject (what a stream's last-by-subject lookup gives). */
  const last = new Map<string, string>();

  /** Queue for durables and fan out to subscribers; false for a duplicate. Throws before any effect when a durable is full. */
  function deliver(subject: string, text: string, id: string | undefined): boolean {
    const persisted = streamOf(streams, subject) !== undefined;
    if (persisted && id !== undefined && isDuplicate(id)) return false;
    const msg: Stored = { subject, text, seq: ++seq };
    if (persisted) {
      if (id !== undefined) last.set(subject, text);
      const targets: Durable[] = [];
      for (const d of durables.values()) {
        if (!matches(d.compiled, subject)) continue;
        if (d.queue.size >= maxQueued) {
          if (id !== undefined) seen.delete(id);
          throw new BusOverflowError(`durable "${d.name}" has ${d.queue.size} messages waiting (limit ${maxQueued}); refusing ${subject}`);
        }
        targets.push(d);
      }
      for (const d of targets) {
        d.queue.push({ msg, deliveries: 0 });
        scheduleDispatch(d);
      }
    }
    for (const s of subscriptions) if (matches(s.compiled, subject)) s.push(msg);
    return true;
  }

  function assertOpen(): void {
    if (state !== 'open') throw new BusClosedError('the bus is closed');
  }

  async function stopWorker(d: Durable, w: Worker): Promise<void> {
    w.stopping = true;
    const i = d.workers.indexOf(w);
    if (i >= 0) d.workers.splice(i, 1);
    if (w.inflight > 0) await new Promise<void>((resolve) => w.idle.push(resolve));
  }

  const bus: MemoryBus = {
    kind: 'memory',

    async publish(subject: string, env: Envelope): Promise<void> {
      assertOpen();
      assertSubject(subject);
      deliver(subject, JSON.stringify(env), env.id);
    },

    async lastPublished(subject: string): Promise<Envelope | undefined> {
      assertOpen();
      const text = last.get(subject);
      return text === undefined ? undefined : (JSON.parse(text) as Envelope);
    },

    async storedMessage(ref): Promise<Uint8Array | undefined> {
      assertOpen();
      const msg = held.get(ref.seq);
      return msg && streamOf(streams, msg.subject)?.name === ref.stream ? new TextEncoder().encode(msg.text) : undefined;
    },

    async publishRaw(subject: string, data: Uint8Array | string): Promise<void> {
      assertOpen();
      assertSubject(subject);
      deliver(subject, typeof data === 'string' ? data : new TextDecoder().decode(data), undefined);
    },

    async consume(pattern: string, options: ConsumeOptions, handler: MessageHandler): Promise<Consumer> {
      assertOpen();
      assertPattern(pattern);
      assertDurable(options.durable);
      // JetStream durables live inside a stream: the same name on two streams is two durables
      const key = `${streamForConsumer(streams, pattern).name}/${options.durable}`;
      const o = consumeDefaults(options, opts.maxRetryDelayMs);
      let d = durables.get(key);
      if (!d) {
        d = { name: options.durable, pattern, compiled: compilePattern(pattern), queue: new Fifo(), workers: [], next: 0 };
        durables.set(key, d);
      } else if (d.pattern !== pattern) {
        throw new InvalidBusArgumentError(`durable "${d.name}" already consumes "${d.pattern}", not "${pattern}"`);
      }
      const w: Worker = {
        options: o,
        handler,
        failures: new FailureTracker(o),
        inflight: 0,
        stopping: false,
        stats: { acked: 0, retried: 0, transientRetries: 0, deadLettered: 0 },
        idle: [],
      };
      d.workers.push(w);
      scheduleDispatch(d);
      const durable = d;
      return {
        stats: w.stats,
        stop: () => stopWorker(durable, w),
      };
    },

    subscribe(pattern: string): Subscription {
      assertOpen();
      assertPattern(pattern);
      const sub = new MemorySubscription(pattern, log, () => subscriptions.delete(sub));
      subscriptions.add(sub);
      return sub;
    },

    async health() {
      return state === 'open' ? { ok: true, detail: 'in-process' } : { ok: false, detail: 'closed' };
    },

    async close(): Promise<void> {
      if (state !== 'open') return;
      state = 'closing';
      const stops: Promise<void>[] = [];
      for (const d of durables.values()) for (const w of [...d.workers]) stops.push(stopWorker(d, w));
      await Promise.all(stops);
      for (const t of retryTimers) clearTimeout(t);
      retryTimers.clear();
      for (const s of [...subscriptions]) s.unsubscribe();
      for (const d of durables.values()) d.queue.clear();
      durables.clear();
      seen.clear();
      held.clear();
      state = 'closed';
    },
  };
  return bus;
}

/** Live subscribers get at most this many unread messages; past it the oldest are dropped, as a slow NATS consumer would lose them. */
const MAX_UNREAD = 100_000;

class MemorySubscription implements Subscription {
  readonly compiled: CompiledPattern;
  private readonly unread = new Fifo<Stored>();
  private waiter: ((r: IteratorResult<BusMessage>) => void) | undefined;
  private closed = false;
  private dropped = 0;

  constructor(
    readonly pattern: string,
    private readonly log: BusLogger,
    private readonly onClose: () => void,
  ) {
    this.compiled = compilePattern(pattern);
  }

  push(msg: Stored): void {
    if (this.closed) return;
    if (this.waiter && this.unread.size === 0) {
      const message = this.decode(msg);
      if (!message) return;
      const w = this.waiter;
      this.waiter = undefined;
      w({ value: message, done: false });
      return;
    }
    this.unread.push(msg);
    if (this.unread.size > MAX_UNREAD) {
      this.unread.shift();
      if (this.dropped++ % 10_000 === 0)
        this.log.warn({ pattern: this.pattern, dropped: this.dropped }, 'slow subscriber: dropping oldest messages');
    }
  }

  private decode(msg: Stored): BusMessage | undefined {
    try {
      return { subject: msg.subject, envelope: decodeEnvelope(msg.text), deliveryCount: 1 };
    } catch (err) {
      this.log.warn({ subject: msg.subject, reason: reasonOf(err) }, 'subscriber skipped a malformed message');
      return undefined;
    }
  }

  private next(): Promise<IteratorResult<BusMessage>> {
    while (this.unread.size > 0) {
      const message = this.decode(this.unread.shift()!);
      if (message) return Promise.resolve({ value: message, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<BusMessage> {
    return {
      next: () => this.next(),
      return: async () => {
        this.unsubscribe();
        return { value: undefined, done: true };
      },
    };
  }

  unsubscribe(): void {
    if (this.closed) return;
    this.closed = true;
    this.unread.clear();
    this.onClose();
    const w = this.waiter;
    this.waiter = undefined;
    w?.({ value: undefined, done: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.unsubscribe();
  }
}

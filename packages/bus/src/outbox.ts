import { ExponentialBackoff, type IBackoff } from 'cockatiel';
import { BusClosedError, type BusLogger, BusOverflowError } from './port.ts';

/** One message waiting to be published: its bytes and the id the broker de-duplicates it by. */
export interface OutboxMessage {
  readonly subject: string;
  readonly id: string;
  readonly bytes: Uint8Array;
}

export interface OutboxOptions {
  /** Messages held at most (in flight included). */
  readonly maxMessages: number;
  /** Bytes held at most (in flight included). */
  readonly maxBytes: number;
  /** When full: drop the oldest held message, or refuse the new one with BusOverflowError. */
  readonly policy: 'drop-oldest' | 'reject-new';
  /** Hand one message to the broker; resolves once it is stored. */
  readonly send: (m: OutboxMessage) => Promise<void>;
  /** A failure worth repeating (the broker is away or slow), as opposed to one of the message itself. */
  readonly isTransient: (err: unknown) => boolean;
  readonly logger: BusLogger;
  readonly observer?: OutboxObserver;
  /** Backoff between attempts after a transient failure. Default 100 ms doubling to 2 s. */
  readonly retryDelayMs?: { readonly initial: number; readonly max: number };
  /** Least time between two "still dropping" log lines. Default 10 s. */
  readonly logEveryMs?: number;
}

/** Where the outbox reports what it does, for metrics. */
export interface OutboxObserver {
  /** A message was stored after one or more failed attempts. */
  resent?(): void;
  /** Held messages were dropped: the buffer was full, or the process closed before they could go. */
  dropped?(reason: 'overflow' | 'close', count: number): void;
  /** A message was refused for itself (too large, invalid) and not held. */
  failed?(): void;
}

export interface OutboxStats {
  /** 1 from a failed send or a lost connection until what was held then is out, else 0 */
  holding: number;
  /** held now (waiting or in flight) */
  held: number;
  heldBytes: number;
  /** stored by the broker */
  sent: number;
  /** of those, stored only after a failed attempt */
  resent: number;
  droppedOverflow: number;
  droppedOnClose: number;
  /** refused for themselves, never held */
  failed: number;
}

interface Entry {
  readonly message: OutboxMessage;
  /** publish order */
  readonly seq: number;
  state: 'queued' | 'sending' | 'done' | 'dropped';
  attempts: number;
  /** the publisher's promise, while it still waits */
  waiter: { resolve(): void; reject(err: unknown): void } | undefined;
}

/** The messages of one subject: sent one at a time, so a resend can never land behind a later message of that subject. */
interface Lane {
  readonly entries: Entry[];
  running: boolean;
}

/**
 * A bounded publish buffer in front of a broker that may go away. Messages of one subject are
 * sent one after another in publish order; subjects go in parallel. A send that fails
 * transiently (timeout, connection closed, no responders) keeps its message at the head of its
 * subject and is repeated, with the same id, after a backoff or once the connection is back,
 * so the broker's de-duplication makes the resend exact.
 *
 * When does `publish()` resolve? When the broker has stored the message, as long as everything
 * goes well; from the first transient failure (or a `pause()`) until the buffer is empty again,
 * as soon as the message is held. A publisher that awaits publish is thus held up by at most one
 * send's timeout, never for the length of an outage. It rejects when the message itself is
 * refused, when the buffer is full under `reject-new`, or when the message is dropped (oldest
 * first under `drop-oldest`) before its publisher was told it is held. Every drop is counted and
 * logged.
 */
export class Outbox {
  readonly stats: OutboxStats = { holding: 0, held: 0, heldBytes: 0, sent: 0, resent: 0, droppedOverflow: 0, droppedOnClose: 0, failed: 0 };
  readonly #o: OutboxOptions;
  readonly #lanes = new Map<string, Lane>();
  /** every held entry, oldest first (done and dropped ones are skipped lazily) */
  #order: Entry[] = [];
  #orderHead = 0;
  /** true from a transient failure or a pause until the buffer is empty: publishers are answered when held */
  #holding = false;
  /** the newest entry held when the outbox last had to hold: holding ends once it and all before it are out */
  #holdThrough = 0;
  #nextSeq = 1;
  #paused: string | undefined;
  #closed = false;
  #backoff: IBackoff<unknown> | undefined;
  #retryAt = 0;
  /** lanes waiting for the gate (pause or backoff) to open */
  #gateWaiters: (() => void)[] = [];
  #gateTimer: NodeJS.Timeout | undefined;
  #emptyWaiters: (() => void)[] = [];
  #lastDropLog = 0;
  #dropsSinceLog = 0;
  readonly #factory: ExponentialBackoff<unknown>;

  constructor(options: OutboxOptions) {
    if (!Number.isInteger(options.maxMessages) || options.maxMessages < 1) throw new RangeError('maxMessages must be a positive integer');
    if (!(options.maxBytes > 0)) throw new RangeError('maxBytes must be positive');
    this.#o = options;
    const delay = options.retryDelayMs ?? { initial: 100, max: 2000 };
    this.#factory = new ExponentialBackoff({ initialDelay: delay.initial, maxDelay: delay.max });
  }

  /** Whether the outbox answers publishers as soon as their message is held (NATS away or failing). */
  get holding(): boolean {
    return this.#holding;
  }

  publish(message: OutboxMessage): Promise<void> {
    if (this.#closed) return Promise.reject(new BusClosedError('the bus is closed'));
    const size = message.bytes.byteLength;
    if (this.stats.held + 1 > this.#o.maxMessages || this.stats.heldBytes + size > this.#o.maxBytes) {
      if (this.#o.policy === 'reject-new' || !this.#makeRoom(size)) {
        this.#noteDrops('overflow', 1, message.subject);
        return Promise.reject(
          new BusOverflowError(
            `the publish buffer is full (${this.stats.held} messages, ${this.stats.heldBytes} bytes): ${message.subject} refused`,
          ),
        );
      }
    }
    const entry: Entry = { message, seq: this.#nextSeq++, state: 'queued', attempts: 0, waiter: undefined };
    const done = this.#holding
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          entry.waiter = { resolve, reject };
        });
    this.stats.held++;
    this.stats.heldBytes += size;
    this.#order.push(entry);
    let lane = this.#lanes.get(message.subject);
    if (lane === undefined) {
      lane = { entries: [], running: false };
      this.#lanes.set(message.subject, lane);
    }
    lane.entries.push(entry);
    if (!lane.running) void this.#run(message.subject, lane);
    return done;
  }

  /** The connection is down: stop sending (a send now would only wait for its timeout) and answer publishers when held. */
  pause(reason: string): void {
    if (this.#paused === undefined) this.#o.logger.warn({ reason, held: this.stats.held }, 'NATS is away: holding what is published');
    this.#paused = reason;
    this.#hold();
  }

  /** The connection is back: send what is held, at once. */
  resume(): void {
    if (this.#paused === undefined) return;
    this.#paused = undefined;
    // what was published while away is backlog too
    this.#holdThrough = this.#nextSeq - 1;
    this.#backoff = undefined;
    this.#retryAt = 0;
    this.#o.logger.warn({ held: this.stats.held }, 'NATS is back: resending what was held');
    this.#openGate();
  }

  /** Resolves when nothing is held. */
  drained(): Promise<void> {
    if (this.stats.held === 0) return Promise.resolve();
    return new Promise((resolve) => this.#emptyWaiters.push(resolve));
  }

  /**
   * Refuse new messages, try to send what is held for up to `timeoutMs`, then drop the rest
   * (counted, logged with their subjects, their waiting publishers rejected). Sends still in
   * flight then are abandoned: their message may or may not have been stored.
   */
  async close(timeoutMs: number): Promise<{ sent: number; dropped: number }> {
    this.#closed = true;
    const before = this.stats.sent;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.drained(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    const left = this.#liveEntries();
    const subjects = new Map<string, number>();
    for (const e of left) {
      this.#drop(e, new BusClosedError('the bus closed before this message could be published'));
      subjects.set(e.message.subject, (subjects.get(e.message.subject) ?? 0) + 1);
    }
    if (left.length > 0) {
      this.stats.droppedOnClose += left.length;
      this.#o.observer?.dropped?.('close', left.length);
      this.#o.logger.error(
        { dropped: left.length, timeoutMs, subjects: Object.fromEntries([...subjects].slice(0, 20)) },
        'closing with messages NATS did not take: dropped',
      );
    }
    this.#lanes.clear();
    this.#openGate();
    return { sent: this.stats.sent - before, dropped: left.length };
  }

  #liveEntries(): Entry[] {
    const out: Entry[] = [];
    for (let i = this.#orderHead; i < this.#order.length; i++) {
      const e = this.#order[i]!;
      if (e.state === 'queued' || e.state === 'sending') out.push(e);
    }
    return out;
  }

  /** Drop the oldest waiting messages until `size` more bytes and one more message fit. False if only in-flight ones are left. */
  #makeRoom(size: number): boolean {
    let dropped = 0;
    let i = this.#orderHead;
    while (this.stats.held + 1 > this.#o.maxMessages || this.stats.heldBytes + size > this.#o.maxBytes) {
      while (i < this.#order.length && this.#order[i]!.state !== 'queued') i++;
      const oldest = this.#order[i];
      if (oldest === undefined) break;
      this.#drop(oldest, new BusOverflowError(`the publish buffer is full: ${oldest.message.subject} dropped for newer messages`));
      dropped++;
    }
    if (dropped > 0) this.#noteDrops('overflow', dropped, this.#order[i]?.message.subject ?? '');
    this.#compact();
    return this.stats.held + 1 <= this.#o.maxMessages && this.stats.heldBytes + size <= this.#o.maxBytes;
  }

  #noteDrops(reason: 'overflow', count: number, subject: string): void {
    this.stats.droppedOverflow += count;
    this.#o.observer?.dropped?.(reason, count);
    this.#dropsSinceLog += count;
    const now = Date.now();
    // Counted always; logged once per interval, so an overflow does not become a flood of lines.
    if (now - this.#lastDropLog >= (this.#o.logEveryMs ?? 10_000)) {
      this.#o.logger.error(
        { dropped: this.#dropsSinceLog, droppedTotal: this.stats.droppedOverflow, held: this.stats.held, policy: this.#o.policy, subject },
        'the publish buffer is full: messages dropped',
      );
      this.#lastDropLog = now;
      this.#dropsSinceLog = 0;
    }
  }

  #drop(e: Entry, err: Error): void {
    if (e.state !== 'queued' && e.state !== 'sending') return;
    e.state = 'dropped';
    this.#release(e);
    e.waiter?.reject(err);
    e.waiter = undefined;
  }

  #release(e: Entry): void {
    this.stats.held--;
    this.stats.heldBytes -= e.message.bytes.byteLength;
    if (this.stats.held === 0) {
      this.#holding = false;
      this.stats.holding = 0;
      this.#order = [];
      this.#orderHead = 0;
      for (const resolve of this.#emptyWaiters.splice(0)) resolve();
    }
  }

  /** Forget finished entries at the head of the order so it does not grow. */
  #compact(): void {
    while (
      this.#orderHead < this.#order.length &&
      this.#order[this.#orderHead]!.state !== 'queued' &&
      this.#order[this.#orderHead]!.state !== 'sending'
    ) {
      this.#orderHead++;
    }
    if (this.#orderHead > 1024 && this.#orderHead * 2 > this.#order.length) {
      this.#order = this.#order.slice(this.#orderHead);
      this.#orderHead = 0;
    }
  }

  /** From now until the buffer is empty, publishers are answered when their message is held. */
  #hold(): void {
    this.#holding = true;
    this.stats.holding = 1;
    this.#holdThrough = this.#nextSeq - 1;
    for (let i = this.#orderHead; i < this.#order.length; i++) {
      const e = this.#order[i]!;
      e.waiter?.resolve();
      e.waiter = undefined;
    }
  }

  #gateOpen(): boolean {
    return this.#closed || (this.#paused === undefined && Date.now() >= this.#retryAt);
  }

  async #gate(): Promise<void> {
    while (!this.#gateOpen()) {
      await new Promise<void>((resolve) => {
        this.#gateWaiters.push(resolve);
        if (this.#paused === undefined && this.#gateTimer === undefined) {
          this.#gateTimer = setTimeout(() => this.#openGate(), Math.max(0, this.#retryAt - Date.now()));
        }
      });
    }
  }

  #openGate(): void {
    clearTimeout(this.#gateTimer);
    this.#gateTimer = undefined;
    for (const resolve of this.#gateWaiters.splice(0)) resolve();
  }

  async #run(subject: string, lane: Lane): Promise<void> {
    lane.running = true;
    try {
      while (!this.#closed || this.#lanes.get(subject) === lane) {
        while (lane.entries.length > 0 && lane.entries[0]!.state === 'dropped') lane.entries.shift();
        const e = lane.entries[0];
        if (e === undefined) break;
        await this.#gate();
        if (e.state !== 'queued') continue; // dropped while waiting
        e.state = 'sending';
        e.attempts++;
        try {
          await this.#o.send(e.message);
        } catch (err) {
          if (e.state !== 'sending') continue; // dropped on close meanwhile
          if (this.#o.isTransient(err)) {
            e.state = 'queued';
            this.#failedTransiently(err, e);
            continue;
          }
          lane.entries.shift();
          e.state = 'done';
          this.#release(e);
          this.stats.failed++;
          this.#o.observer?.failed?.();
          e.waiter?.reject(err);
          e.waiter = undefined;
          this.#compact();
          continue;
        }
        if (e.state !== 'sending') continue;
        lane.entries.shift();
        e.state = 'done';
        this.stats.sent++;
        if (e.attempts > 1) {
          this.stats.resent++;
          this.#o.observer?.resent?.();
        }
        this.#backoff = undefined;
        this.#release(e);
        e.waiter?.resolve();
        e.waiter = undefined;
        this.#compact();
        // The backlog is out: publishers wait for their ack again. (Under load the buffer is never quite
        // empty, so "empty" would keep publishers answered early long after NATS is back.)
        const oldest = this.#order[this.#orderHead];
        if (this.#holding && this.#paused === undefined && (oldest === undefined || oldest.seq > this.#holdThrough)) {
          this.#holding = false;
          this.stats.holding = 0;
        }
      }
    } finally {
      lane.running = false;
      if (lane.entries.length === 0 && this.#lanes.get(subject) === lane) this.#lanes.delete(subject);
    }
  }

  #failedTransiently(err: unknown, e: Entry): void {
    if (!this.#holding) {
      this.#o.logger.warn(
        { subject: e.message.subject, reason: err instanceof Error ? `${err.name}: ${err.message}` : String(err) },
        'a publish failed; holding and resending',
      );
    }
    this.#hold();
    // One backoff for the whole outbox: when the broker is away every subject fails alike.
    if (Date.now() >= this.#retryAt) {
      this.#backoff = this.#backoff ? this.#backoff.next(undefined) : this.#factory.next();
      this.#retryAt = Date.now() + this.#backoff.duration;
    }
  }
}

import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { CLOSE, type StreamOptions } from './protocol.ts';

/** The frames are built once per update and sent as they are to every member: text frames from a Buffer. */
const TEXT = { binary: false } as const;

interface Queued {
  frame: Buffer;
  /** the room, for frames that conflate */
  key: string | undefined;
}

export interface ConnectionCounters {
  sent: number;
  sentBytes: number;
  conflated: number;
}

/** Why a connection ended, for the closes metric. */
export type CloseReason = 'client' | 'rate_limit' | 'overflow' | 'dead' | 'shutdown' | 'capacity' | 'error';

/**
 * One client. Frames go straight to the socket while it keeps up; past the socket's
 * high-water mark they wait in a bounded queue where a newer frame of a conflating room
 * (quotes, bars) replaces the older one in place. A queue past its bounds means a client
 * that cannot keep up: it is closed with 1013.
 */
export class Connection {
  readonly rooms = new Set<string>();
  readonly connectedAt = Date.now();
  /** Answered the last ping (or sent something) since the previous heartbeat. */
  alive = true;
  closing: CloseReason | undefined;
  readonly counters: ConnectionCounters = { sent: 0, sentBytes: 0, conflated: 0 };
  /** Rooms whose snapshot is being loaded: their live updates wait here, then go after the snapshot. */
  pending: Map<string, { seq: number; frame: Buffer }[]> | undefined;
  /** Client messages are handled one after the other. */
  chain: Promise<void> = Promise.resolve();

  private queue: Queued[] = [];
  private head = 0;
  private queuedBytes = 0;
  private readonly conflating = new Map<string, Queued>();
  private tokens: number;
  private refilledAt = performance.now();
  private violations = 0;
  private graceTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    readonly ws: WebSocket,
    private readonly socket: Socket | undefined,
    readonly remote: string,
    private readonly options: StreamOptions,
    private readonly shared: ConnectionCounters,
    private readonly onBacklog: (conn: Connection) => void,
    private readonly onClosing: (conn: Connection, reason: CloseReason) => void,
  ) {
    this.tokens = options.burst;
    socket?.on('drain', () => this.flush());
  }

  get queued(): number {
    return this.queue.length - this.head;
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  /** Send a frame, queueing it when the socket is behind. `key`: the room, when its frames conflate. */
  send(frame: Buffer, key?: string): void {
    if (this.closing) return;
    if (this.queued === 0 && this.ws.bufferedAmount <= this.options.socketHighWaterBytes) {
      this.write(frame);
      return;
    }
    if (key !== undefined) {
      const waiting = this.conflating.get(key);
      if (waiting) {
        this.queuedBytes += frame.length - waiting.frame.length;
        waiting.frame = frame;
        this.counters.conflated++;
        this.shared.conflated++;
        return;
      }
    }
    const item: Queued = { frame, key };
    this.queue.push(item);
    this.queuedBytes += frame.length;
    if (key !== undefined) this.conflating.set(key, item);
    if (this.queued === 1) this.onBacklog(this);
    if (this.queued > this.options.maxQueuedFrames || this.queuedBytes > this.options.maxQueuedBytes) {
      this.close(CLOSE.tryAgainLater, 'send queue overflow: the client reads too slowly', 'overflow');
    }
  }

  /** Write queued frames while the socket has room. Returns true when the queue is empty. */
  flush(): boolean {
    if (this.closing) return true;
    while (this.head < this.queue.length && this.ws.bufferedAmount <= this.options.socketHighWaterBytes) {
      const item = this.queue[this.head]!;
      this.queue[this.head++] = undefined as unknown as Queued;
      this.queuedBytes -= item.frame.length;
      if (item.key !== undefined && this.conflating.get(item.key) === item) this.conflating.delete(item.key);
      this.write(item.frame);
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
      return true;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return false;
  }

  private write(frame: Buffer): void {
    this.ws.send(frame, TEXT);
    this.counters.sent++;
    this.counters.sentBytes += frame.length;
    this.shared.sent++;
    this.shared.sentBytes += frame.length;
  }

  /** Control frames (acks, errors, pong) go through the same queue, in order. */
  sendText(text: string): void {
    this.send(Buffer.from(text));
  }

  /** Token bucket over client messages. False: refuse this one; past the limit of refusals the connection is closed with 1008. */
  admit(): boolean {
    const now = performance.now();
    const { messagesPerSecond, burst } = this.options;
    this.tokens = Math.min(burst, this.tokens + ((now - this.refilledAt) / 1000) * messagesPerSecond);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      if (this.tokens >= burst - 1) this.violations = 0;
      return true;
    }
    this.violations++;
    if (this.violations > this.options.maxRateViolations) {
      this.close(CLOSE.policy, 'rate limit exceeded', 'rate_limit');
    }
    return false;
  }

  /** Whether a refused message should be told so (the first, then every tenth: no amplification). */
  get shouldReportViolation(): boolean {
    return this.violations === 1 || this.violations % 10 === 0;
  }

  /**
   * Close with a code; a client that does not read its close frame is cut after the grace period. A slow
   * reader is not cut but half-closed then: its socket still holds the frames already written and, after
   * them, the 1013 close frame, and destroying it would drop both (the client would see 1006 when it reads
   * again). `end()` sends them and then FIN whenever the client reads on; ws's own close timeout (30 s)
   * bounds how long the socket is kept for it. What is kept is bounded: the socket's high-water mark plus
   * one frame (the connection's own queue is dropped at once).
   */
  close(code: number, reason: string, why: CloseReason): void {
    if (this.closing) return;
    this.closing = why;
    this.queue = [];
    this.head = 0;
    this.queuedBytes = 0;
    this.conflating.clear();
    this.pending = undefined;
    this.onClosing(this, why);
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
    const cut = why === 'overflow' && this.socket && !this.socket.destroyed ? () => this.socket!.end() : () => this.ws.terminate();
    this.graceTimer = setTimeout(cut, this.options.closeGraceMs);
    this.graceTimer.unref();
  }

  /** Cut the connection now (dead client). */
  terminate(why: CloseReason): void {
    if (!this.closing) {
      this.closing = why;
      this.onClosing(this, why);
    }
    this.ws.terminate();
  }

  /** The socket has closed: release everything. */
  closed(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.queue = [];
    this.conflating.clear();
    this.pending = undefined;
  }
}

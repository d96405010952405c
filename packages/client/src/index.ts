/**
 * A typed client for the Bourse WebSocket stream (/ws). It reconnects with exponential
 * backoff, resubscribes its rooms, drops frames it already has (by room and seq) and hands
 * out data as events or as an async iterator. In Node it uses the `ws` package; in a browser
 * the global WebSocket (or any constructor given as `WebSocket`).
 */

/** The part of the standard WebSocket interface the client uses (the browser's, `ws`'s and undici's all fit). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

// ---- frames: the stream's contract from @bourse/core (types only, from its browser-safe entry) ----

import type { DataMessage, ErrorFrame, WelcomeFrame } from '@bourse/core/stream';

export type {
  Bar,
  DataFrame,
  DataMessage,
  ErrorFrame,
  IndicatorUpdate,
  MarketSummary,
  Mover,
  RoomData,
  ServerFrame,
  ServerLimits,
  StreamErrorCode,
  StreamQuote as Quote,
  Tick,
  WelcomeFrame,
} from '@bourse/core/stream';

/** The server's greeting: who answered and the limits it keeps to. */
export type Welcome = WelcomeFrame;
/** An error frame: `room` is the room refused, `id` the request it answers. */
export type ServerError = ErrorFrame;

export interface StreamClientEvents {
  /** Connected and greeted (after every reconnect too); the rooms are being resubscribed. */
  open: Welcome;
  data: DataMessage;
  subscribed: { rooms: string[] };
  /** An error frame from the server. Rooms it refused are dropped from the client's set. */
  error: ServerError;
  close: { code: number; reason: string; reconnectInMs: number | undefined };
}

export interface StreamClientOptions {
  /** ws://host:8080/ws */
  readonly url: string;
  /** The WebSocket constructor; default: the global WebSocket, else the `ws` package. */
  readonly WebSocket?: WebSocketConstructor;
  /** Reconnect delays: initialMs doubling up to maxMs, each with ±jitter. Default 250 ms .. 10 s, jitter 0.2. */
  readonly backoff?: { initialMs?: number; maxMs?: number; jitter?: number };
  /** Reconnect when nothing arrived for this long (default: twice the server's heartbeat plus 5 s). */
  readonly idleTimeoutMs?: number;
  /** Messages the async iterator buffers for a slow reader before dropping the oldest (default 10,000). */
  readonly bufferSize?: number;
  /** Rooms to join from the start. */
  readonly rooms?: readonly string[];
}

export class StreamClientClosedError extends Error {
  override name = 'StreamClientClosedError';
}

type Listener<T> = (value: T) => void;

const OPEN = 1;
const ROOMS_PER_REQUEST = 100;
/** Refusals after which a room is dropped from the set the client resubscribes. */
const FATAL_ROOM_ERRORS = new Set(['unknown_room', 'unknown_symbol', 'too_many_rooms']);

export class StreamClient {
  private ws: WebSocketLike | undefined;
  private readonly rooms = new Set<string>();
  private readonly lastSeq = new Map<string, number>();
  private readonly listeners: { [K in keyof StreamClientEvents]: Set<Listener<StreamClientEvents[K]>> } = {
    open: new Set(),
    data: new Set(),
    subscribed: new Set(),
    error: new Set(),
    close: new Set(),
  };
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setInterval> | undefined;
  private lastFrameAt = 0;
  private welcomed = false;
  private closedByUser = false;
  private heartbeatMs = 15_000;
  private readonly iterators = new Set<{ push(m: DataMessage): void; end(): void }>();
  /** Frames dropped as already seen, reconnects made, messages dropped by slow iterators. */
  readonly stats = { duplicates: 0, reconnects: 0, iteratorDrops: 0 };

  constructor(private readonly options: StreamClientOptions) {
    for (const r of options.rooms ?? []) this.rooms.add(r);
    void this.connect();
  }

  /** Is the connection open and greeted? */
  get connected(): boolean {
    return this.welcomed && this.ws?.readyState === OPEN;
  }

  /** The rooms the client is in (and rejoins after a reconnect). */
  get subscriptions(): string[] {
    return [...this.rooms];
  }

  on<K extends keyof StreamClientEvents>(event: K, listener: Listener<StreamClientEvents[K]>): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  /** Resolves with the next occurrence of an event. */
  once<K extends keyof StreamClientEvents>(
    event: K,
    filter: (v: StreamClientEvents[K]) => boolean = () => true,
  ): Promise<StreamClientEvents[K]> {
    return new Promise((resolve) => {
      const off = this.on(event, (v) => {
        if (!filter(v)) return;
        off();
        resolve(v);
      });
    });
  }

  subscribe(...rooms: string[]): void {
    const added = rooms.filter((r) => !this.rooms.has(r));
    for (const r of added) this.rooms.add(r);
    if (this.connected && added.length > 0) this.sendRooms('subscribe', added);
  }

  unsubscribe(...rooms: string[]): void {
    const removed = rooms.filter((r) => this.rooms.delete(r));
    for (const r of removed) this.lastSeq.delete(r);
    if (this.connected && removed.length > 0) this.sendRooms('unsubscribe', removed);
  }

  /** Data messages as an async iterator (of the given rooms, or all). Ends when the client is closed. */
  messages(rooms?: readonly string[]): AsyncIterableIterator<DataMessage> {
    const only = rooms ? new Set(rooms) : undefined;
    const buffer: DataMessage[] = [];
    const max = this.options.bufferSize ?? 10_000;
    let waiting: ((r: IteratorResult<DataMessage>) => void) | undefined;
    let done = this.closedByUser;
    const sink = {
      push: (m: DataMessage) => {
        if (only && !only.has(m.room)) return;
        if (waiting) {
          const w = waiting;
          waiting = undefined;
          w({ value: m, done: false });
          return;
        }
        buffer.push(m);
        if (buffer.length > max) {
          buffer.shift();
          this.stats.iteratorDrops++;
        }
      },
      end: () => {
        done = true;
        this.iterators.delete(sink);
        waiting?.({ value: undefined, done: true });
        waiting = undefined;
      },
    };
    this.iterators.add(sink);
    const iterator: AsyncIterableIterator<DataMessage> = {
      next: () => {
        const m = buffer.shift();
        if (m) return Promise.resolve({ value: m, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          waiting = resolve;
        });
      },
      return: async () => {
        sink.end();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<DataMessage> {
    return this.messages();
  }

  /** Ask the server for a pong (its round trip tells whether the connection is alive). */
  ping(): void {
    if (this.connected) this.ws!.send('{"op":"ping"}');
  }

  /** Close for good: no reconnect; iterators end. */
  close(): void {
    this.closedByUser = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.ws?.close(1000, 'client closed');
    for (const it of [...this.iterators]) it.end();
  }

  // ---- connection ------------------------------------------------------------------------

  private async connect(): Promise<void> {
    if (this.closedByUser) return;
    let Ctor = this.options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Ctor) Ctor = (await import('ws')).WebSocket as unknown as WebSocketConstructor;
    if (this.closedByUser) return;
    let ws: WebSocketLike;
    try {
      ws = new Ctor(this.options.url);
    } catch {
      this.scheduleReconnect(1006, 'could not connect');
      return;
    }
    this.ws = ws;
    this.welcomed = false;
    ws.onmessage = (ev) => this.onFrame(typeof ev.data === 'string' ? ev.data : String(ev.data));
    ws.onerror = () => undefined; // a close follows
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.welcomed = false;
      if (this.idleTimer) clearInterval(this.idleTimer);
      this.scheduleReconnect(ev.code, ev.reason);
    };
  }

  private scheduleReconnect(code: number, reason: string): void {
    if (this.closedByUser) {
      this.emit('close', { code, reason, reconnectInMs: undefined });
      for (const it of [...this.iterators]) it.end();
      return;
    }
    const { initialMs = 250, maxMs = 10_000, jitter = 0.2 } = this.options.backoff ?? {};
    const base = Math.min(maxMs, initialMs * 2 ** this.attempt++);
    const delay = Math.round(base * (1 - jitter + Math.random() * 2 * jitter));
    this.emit('close', { code, reason, reconnectInMs: delay });
    this.reconnectTimer = setTimeout(() => {
      this.stats.reconnects++;
      void this.connect();
    }, delay);
  }

  private onFrame(text: string): void {
    this.lastFrameAt = Date.now();
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof frame.room === 'string' && typeof frame.seq === 'number') {
      this.onData(frame as unknown as DataMessage);
      return;
    }
    switch (frame.type) {
      case 'welcome': {
        const welcome = frame as unknown as Welcome;
        this.welcomed = true;
        this.attempt = 0;
        this.heartbeatMs = welcome.limits?.heartbeatMs ?? this.heartbeatMs;
        this.watchIdle();
        if (this.rooms.size > 0) this.sendRooms('subscribe', [...this.rooms]);
        this.emit('open', welcome);
        return;
      }
      case 'subscribed':
        this.emit('subscribed', { rooms: frame.rooms as string[] });
        return;
      case 'error': {
        const err = frame as unknown as ServerError;
        if (err.room !== undefined && FATAL_ROOM_ERRORS.has(err.code)) {
          this.rooms.delete(err.room);
          this.lastSeq.delete(err.room);
        }
        this.emit('error', err);
        return;
      }
      default:
        return; // heartbeat, pong, unsubscribed
    }
  }

  private onData(msg: DataMessage): void {
    if (!this.rooms.has(msg.room)) return; // left meanwhile
    const last = this.lastSeq.get(msg.room);
    if (msg.snapshot && msg.seq === 0) {
      // Nothing known yet on the server: tell the app only if it knows nothing either.
      if (last !== undefined) return;
    } else if (last !== undefined && msg.seq <= last) {
      this.stats.duplicates++;
      return;
    } else {
      this.lastSeq.set(msg.room, msg.seq);
    }
    msg.snapshot = msg.snapshot === true;
    this.emit('data', msg);
    for (const it of this.iterators) it.push(msg);
  }

  private sendRooms(op: 'subscribe' | 'unsubscribe', rooms: readonly string[]): void {
    for (let i = 0; i < rooms.length; i += ROOMS_PER_REQUEST) {
      this.ws!.send(JSON.stringify({ op, rooms: rooms.slice(i, i + ROOMS_PER_REQUEST) }));
    }
  }

  private watchIdle(): void {
    if (this.idleTimer) clearInterval(this.idleTimer);
    const limit = this.options.idleTimeoutMs ?? this.heartbeatMs * 2 + 5000;
    const ws = this.ws;
    this.idleTimer = setInterval(
      () => {
        if (this.ws !== ws || Date.now() - this.lastFrameAt <= limit) return;
        // A dead peer never completes a close handshake: cut it where the implementation can (`ws`), else close.
        const cut = (ws as { terminate?: () => void } | undefined)?.terminate;
        if (cut) cut.call(ws);
        else ws?.close(4000, 'no frames from the server');
      },
      Math.min(limit, 1000),
    );
    (this.idleTimer as { unref?: () => void }).unref?.();
  }

  private emit<K extends keyof StreamClientEvents>(event: K, value: StreamClientEvents[K]): void {
    for (const l of this.listeners[event]) {
      try {
        l(value);
      } catch {
        // a listener's error is its own
      }
    }
  }
}

/** Connect a client; resolves once the server has greeted it. */
export async function connectStream(options: StreamClientOptions): Promise<StreamClient> {
  const client = new StreamClient(options);
  await client.once('open');
  return client;
}

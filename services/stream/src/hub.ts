import type { Socket } from 'node:net';
import { type Envelope, envelope, subjects, ticksOrNone } from '@bourse/core';
import type { ServiceContext } from '@bourse/kit';
import type { WebSocket } from 'ws';
import { type CloseReason, Connection, type ConnectionCounters } from './connection.ts';
import {
  CLOSE,
  type ClientOp,
  controlFrame,
  errorFrame,
  ProtocolError,
  parseClientMessage,
  type StreamLimits,
  type StreamOptions,
} from './protocol.ts';
import { GENERAL, parseRoom, ROOM_USAGE, type RoomSpec, type RoomValue } from './rooms.ts';
import { SummaryBuilder } from './summary.ts';

type BusSubscription = ReturnType<ServiceContext<'bus'>['bus']['subscribe']>;

interface Room {
  readonly spec: RoomSpec;
  readonly members: Set<Connection>;
  /** `{"room":...,"type":...,"seq":` : the start of every data frame of this room */
  readonly prefix: string;
  seq: number;
  /** The latest value, for the snapshot of members who join later. One per room: memory follows the rooms in use. */
  last: RoomValue | undefined;
  lastId: string | undefined;
  loading: Promise<RoomValue | undefined> | undefined;
}

interface Follow {
  readonly subject: string;
  readonly sub: BusSubscription;
  readonly rooms: Set<Room>;
  loop: Promise<void>;
}

export interface ConnectionInfo {
  id: string;
  instanceId: string;
  remote: string;
  connectedAt: number;
  rooms: number;
  queued: number;
  bufferedBytes: number;
  sent: number;
  conflated: number;
}

export interface InstanceStatus {
  instanceId: string;
  startedAt: number;
  uptimeSeconds: number;
  connections: number;
  rooms: number;
  subscriptions: number;
  busSubscriptions: number;
  messagesInPerSecond: number;
  messagesOutPerSecond: number;
  bytesOutPerSecond: number;
  conflated: number;
  closes: Record<string, number>;
  limits: StreamLimits;
}

/** What an instance publishes on stream.status.<instanceId> for the others' status endpoints (bounded in size). */
export interface StatusReport {
  status: InstanceStatus;
  /** room -> members on that instance (at most MAX_REPORTED_ROOMS rooms) */
  rooms: Record<string, number>;
  /** some of its connections (at most MAX_REPORTED_CONNECTIONS) */
  connections: ConnectionInfo[];
}

const MAX_REPORTED_ROOMS = 2_000;
const MAX_REPORTED_CONNECTIONS = 200;
const MAX_KNOWN_SYMBOLS = 10_000;

/**
 * The stream hub of one instance: connections, the rooms they are in, and one live bus
 * subscription per subject that rooms with members here follow (made when the first member
 * joins, dropped when the last leaves). Each update is serialised once and the same bytes are
 * sent to every member.
 */
export class Hub {
  readonly instanceId: string;
  readonly startedAt = Date.now();
  private readonly connections = new Set<Connection>();
  private readonly rooms = new Map<string, Room>();
  private readonly follows = new Map<string, Follow>();
  private readonly backlog = new Set<Connection>();
  private readonly known = new Map<string, { ok: boolean; at: number }>();
  private readonly summary: SummaryBuilder;
  private readonly counters: ConnectionCounters = { sent: 0, sentBytes: 0, conflated: 0 };
  private readonly closes: Record<string, number> = {};
  private memberships = 0;
  private busIn = 0;
  private clientIn = 0;
  private rates = { at: performance.now(), busIn: 0, sent: 0, sentBytes: 0, inPerSecond: 0, outPerSecond: 0, bytesPerSecond: 0 };
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly peers = new Map<string, { report: StatusReport; at: number }>();
  private statusSub: BusSubscription | undefined;
  private statusLoop: Promise<void> | undefined;
  private statusSeq = 0;
  private nextId = 0;
  private stopped = false;
  private readonly metrics;

  constructor(
    private readonly ctx: ServiceContext<'bus' | 'store' | 'cache'>,
    readonly options: StreamOptions,
  ) {
    this.instanceId = ctx.config.instanceId;
    this.summary = new SummaryBuilder(5, 20_000, async (symbol, day) => {
      const bar = await ctx.store.bars.latest(symbol, '1d');
      return bar && bar.start === day ? bar.open : undefined;
    });
    const m = ctx.metrics;
    this.metrics = {
      connections: m.gauge('stream_connections', 'Open WebSocket connections'),
      rooms: m.gauge('stream_rooms', 'Rooms with members on this instance'),
      subscriptions: m.gauge('stream_subscriptions', 'Room memberships (connection x room)'),
      busSubscriptions: m.gauge('stream_bus_subscriptions', 'Live bus subscriptions held for rooms'),
      messagesIn: m.counter('stream_messages_in_total', 'Messages received', ['source']),
      messagesOut: m.counter('stream_messages_out_total', 'Frames sent to clients'),
      bytesOut: m.counter('stream_bytes_out_total', 'Bytes sent to clients'),
      dropped: m.counter('stream_dropped_total', 'Frames not sent: replaced by a newer one (conflated) or discarded with a closed queue', [
        'reason',
      ]),
      closes: m.counter('stream_closes_total', 'Connections closed, by reason', ['reason']),
    };
    this.timers.push(setInterval(() => this.heartbeat(), options.heartbeatMs));
    this.timers.push(setInterval(() => this.flushBacklog(), 50));
    this.timers.push(setInterval(() => this.sample(), 1000));
    this.timers.push(setInterval(() => this.publishSummary(), options.summaryEveryMs));
    for (const t of this.timers) t.unref();
  }

  // ---- connections -------------------------------------------------------------------------

  accept(ws: WebSocket, socket: Socket | undefined, remote: string): void {
    if (this.stopped || this.connections.size >= this.options.maxConnections) {
      this.countClose('capacity');
      ws.close(CLOSE.tryAgainLater, 'server at capacity');
      return;
    }
    const conn = new Connection(
      `${this.instanceId}:${++this.nextId}`,
      ws,
      socket,
      remote,
      this.options,
      this.counters,
      (c) => this.backlog.add(c),
      (c, why) => this.onClosing(c, why),
    );
    this.connections.add(conn);
    this.metrics.connections.set(this.connections.size);
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => this.onMessage(conn, data, isBinary));
    ws.on('error', () => conn.terminate('error'));
    ws.on('close', () => {
      if (!conn.closing) this.onClosing(conn, 'client');
      conn.closed();
      this.backlog.delete(conn);
      this.connections.delete(conn);
      this.metrics.connections.set(this.connections.size);
    });
    conn.sendText(
      controlFrame({
        type: 'welcome',
        serverTime: Date.now(),
        instanceId: this.instanceId,
        connectionId: conn.id,
        rooms: ROOM_USAGE,
        limits: this.limits(),
      }),
    );
  }

  private limits(): StreamLimits {
    const o = this.options;
    return {
      maxRooms: o.maxRooms,
      messagesPerSecond: o.messagesPerSecond,
      burst: o.burst,
      maxRateViolations: o.maxRateViolations,
      maxMessageBytes: o.maxMessageBytes,
      heartbeatMs: o.heartbeatMs,
      maxQueuedFrames: o.maxQueuedFrames,
      maxQueuedBytes: o.maxQueuedBytes,
    };
  }

  private onClosing(conn: Connection, why: CloseReason): void {
    this.countClose(why);
    for (const name of [...conn.rooms]) this.leave(conn, name);
    this.backlog.delete(conn);
  }

  private countClose(why: CloseReason): void {
    this.closes[why] = (this.closes[why] ?? 0) + 1;
    this.metrics.closes.inc({ reason: why });
    if (why === 'overflow') this.metrics.dropped.inc({ reason: 'overflow' });
  }

  private onMessage(conn: Connection, data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    conn.alive = true;
    this.clientIn++;
    if (conn.closing) return;
    if (!conn.admit()) {
      if (!conn.closing && conn.shouldReportViolation) {
        conn.sendText(
          errorFrame('rate_limited', `more than ${this.options.messagesPerSecond} messages per second; slow down or be disconnected`),
        );
      }
      return;
    }
    let op: ClientOp;
    try {
      if (isBinary) throw new ProtocolError('bad_request', 'send JSON text frames, not binary');
      const text = Array.isArray(data) ? Buffer.concat(data).toString() : Buffer.from(data as ArrayBuffer).toString();
      op = parseClientMessage(text);
    } catch (err) {
      const e = err instanceof ProtocolError ? err : new ProtocolError('bad_request', 'unreadable message');
      conn.sendText(errorFrame(e.code, e.message, { id: e.id }));
      return;
    }
    conn.chain = conn.chain
      .then(() => this.handle(conn, op))
      .catch((err) => {
        this.ctx.log.warn({ err, connection: conn.id }, 'handling a client message failed');
        if (!conn.closing) conn.sendText(errorFrame('unavailable', 'the request could not be served; try again', { id: op.id }));
      });
  }

  private async handle(conn: Connection, op: ClientOp): Promise<void> {
    if (conn.closing) return;
    switch (op.op) {
      case 'ping':
        conn.sendText(controlFrame({ type: 'pong', serverTime: Date.now(), ...(op.id === undefined ? {} : { id: op.id }) }));
        return;
      case 'unsubscribe':
        for (const name of op.rooms) this.leave(conn, name);
        conn.sendText(controlFrame({ type: 'unsubscribed', rooms: op.rooms, ...(op.id === undefined ? {} : { id: op.id }) }));
        return;
      case 'subscribe':
        return this.subscribe(conn, op.rooms, op.id);
    }
  }

  private async subscribe(conn: Connection, names: readonly string[], id: string | number | undefined): Promise<void> {
    const accepted: string[] = [];
    const joined: Room[] = [];
    for (const name of names) {
      try {
        const spec = parseRoom(name);
        if (conn.rooms.has(name)) {
          accepted.push(name);
          continue;
        }
        if (conn.rooms.size >= this.options.maxRooms) {
          throw new ProtocolError('too_many_rooms', `at most ${this.options.maxRooms} rooms per connection; unsubscribe from some first`);
        }
        if (spec.symbol !== undefined && !(await this.isKnown(spec.symbol))) {
          throw new ProtocolError('unknown_symbol', `unknown symbol ${spec.symbol}`);
        }
        if (conn.closing) return;
        joined.push(this.join(conn, spec));
        accepted.push(name);
      } catch (err) {
        if (!(err instanceof ProtocolError)) throw err;
        conn.sendText(errorFrame(err.code, err.message, { id, room: name }));
      }
    }
    if (accepted.length > 0 || names.length === 0) {
      conn.sendText(controlFrame({ type: 'subscribed', rooms: accepted, ...(id === undefined ? {} : { id }) }));
    }
    // Snapshots first, then the updates that arrived meanwhile.
    await Promise.all(joined.map((room) => this.sendSnapshot(conn, room)));
  }

  private async isKnown(symbol: string): Promise<boolean> {
    const hit = this.known.get(symbol);
    const now = Date.now();
    if (hit && now - hit.at < (hit.ok ? 600_000 : 30_000)) return hit.ok;
    const ok = (await this.ctx.store.instruments.get(symbol)) !== undefined;
    if (this.known.size >= MAX_KNOWN_SYMBOLS) this.known.clear();
    this.known.set(symbol, { ok, at: now });
    return ok;
  }

  private join(conn: Connection, spec: RoomSpec): Room {
    let room = this.rooms.get(spec.name);
    if (!room) {
      room = {
        spec,
        members: new Set(),
        prefix: `{"room":${JSON.stringify(spec.name)},"type":${JSON.stringify(spec.type)},"seq":`,
        seq: 0,
        last: undefined,
        lastId: undefined,
        loading: undefined,
      };
      this.rooms.set(spec.name, room);
      this.follow(room);
    }
    room.members.add(conn);
    conn.rooms.add(spec.name);
    conn.pending ??= new Map();
    conn.pending.set(spec.name, []);
    this.memberships++;
    return room;
  }

  private leave(conn: Connection, name: string): void {
    if (!conn.rooms.delete(name)) return;
    conn.pending?.delete(name);
    this.memberships--;
    const room = this.rooms.get(name);
    if (!room) return;
    room.members.delete(conn);
    if (room.members.size === 0) {
      this.rooms.delete(name);
      this.unfollow(room);
    }
  }

  private async sendSnapshot(conn: Connection, room: Room): Promise<void> {
    let value: RoomValue | undefined;
    try {
      value = await this.snapshotOf(room);
    } catch (err) {
      this.ctx.log.warn({ err, room: room.spec.name }, 'loading a snapshot failed; sending none');
    }
    const pending = conn.pending?.get(room.spec.name);
    if (!pending || conn.closing || !room.members.has(conn)) return;
    conn.pending!.delete(room.spec.name);
    const seq = value?.seq ?? 0;
    conn.send(Buffer.from(`${room.prefix}${seq},"snapshot":true,"data":${value === undefined ? 'null' : JSON.stringify(value.data)}}`));
    const key = room.spec.conflate ? room.spec.name : undefined;
    for (const update of pending) if (update.seq > seq) conn.send(update.frame, key);
  }

  private snapshotOf(room: Room): Promise<RoomValue | undefined> {
    if (room.last) return Promise.resolve(room.last);
    const load = room.spec.snapshot;
    if (!load) return Promise.resolve(undefined);
    room.loading ??= load(this.ctx).then(
      (value) => {
        room.loading = undefined;
        // A live update that arrived meanwhile is newer than what the cache or store had.
        if (room.last && (!value || room.last.seq >= value.seq)) return room.last;
        if (value && !room.last) {
          room.last = value;
          room.seq = Math.max(room.seq, value.seq);
        }
        return value;
      },
      (err) => {
        room.loading = undefined;
        throw err;
      },
    );
    return room.loading;
  }

  // ---- bus ---------------------------------------------------------------------------------

  private follow(room: Room): void {
    const subject = room.spec.subject;
    let f = this.follows.get(subject);
    if (!f) {
      const sub = this.ctx.bus.subscribe(subject);
      const created: Follow = { subject, sub, rooms: new Set(), loop: Promise.resolve() };
      created.loop = this.run(created);
      this.follows.set(subject, created);
      this.metrics.busSubscriptions.set(this.follows.size);
      f = created;
    }
    f.rooms.add(room);
  }

  private unfollow(room: Room): void {
    const f = this.follows.get(room.spec.subject);
    if (!f) return;
    f.rooms.delete(room);
    if (f.rooms.size > 0) return;
    f.sub.unsubscribe();
    this.follows.delete(f.subject);
    this.metrics.busSubscriptions.set(this.follows.size);
    if (room.spec === GENERAL) this.summary.clear();
  }

  private async run(f: Follow): Promise<void> {
    try {
      for await (const msg of f.sub) {
        this.busIn++;
        for (const room of f.rooms) {
          try {
            this.update(room, msg.envelope);
          } catch (err) {
            this.ctx.log.warn({ err, room: room.spec.name }, 'fanning out an update failed');
          }
        }
      }
    } catch (err) {
      if (!this.stopped) this.ctx.log.error({ err, subject: f.subject }, 'bus subscription ended');
    }
  }

  private update(room: Room, env: Envelope): void {
    if (room.spec === GENERAL) {
      const ticks = ticksOrNone(env);
      if (ticks.length > 0) this.summary.add(ticks);
      return;
    }
    if (env.id === room.lastId) return;
    const value = room.spec.fromBus(env);
    if (!value) return;
    let seq: number;
    if (room.spec.seqKind === 'source') {
      if (value.seq <= room.seq) return; // a duplicate or an older batch
      seq = value.seq;
    } else {
      seq = Math.max(room.seq + 1, value.seq);
    }
    room.lastId = env.id;
    this.broadcast(room, seq, value.data);
  }

  private broadcast(room: Room, seq: number, data: unknown): void {
    room.seq = seq;
    room.last = { seq, data };
    if (room.members.size === 0) return;
    const frame = Buffer.from(`${room.prefix}${seq},"data":${JSON.stringify(data)}}`);
    const key = room.spec.conflate ? room.spec.name : undefined;
    for (const conn of room.members) {
      const pending = conn.pending?.get(room.spec.name);
      if (pending) {
        if (key !== undefined) pending.length = 0;
        if (pending.length >= this.options.maxQueuedFrames) pending.shift();
        pending.push({ seq, frame });
      } else {
        conn.send(frame, key);
      }
    }
  }

  private publishSummary(): void {
    const room = this.rooms.get(GENERAL.name);
    if (!room) return;
    const summary = this.summary.take();
    if (summary) this.broadcast(room, Math.max(room.seq + 1, summary.ts), summary);
  }

  // ---- timers ------------------------------------------------------------------------------

  private heartbeat(): void {
    const frame = Buffer.from(`{"type":"heartbeat","serverTime":${Date.now()}}`);
    for (const conn of this.connections) {
      if (conn.closing) continue;
      if (!conn.alive) {
        conn.terminate('dead');
        continue;
      }
      conn.alive = false;
      try {
        conn.ws.ping();
      } catch {
        conn.terminate('error');
        continue;
      }
      conn.send(frame, '$heartbeat');
    }
  }

  private flushBacklog(): void {
    for (const conn of this.backlog) if (conn.flush()) this.backlog.delete(conn);
  }

  private sample(): void {
    const now = performance.now();
    const r = this.rates;
    const secs = Math.max(0.001, (now - r.at) / 1000);
    const busIn = this.busIn - r.busIn;
    const sent = this.counters.sent - r.sent;
    const bytes = this.counters.sentBytes - r.sentBytes;
    this.metrics.messagesIn.inc({ source: 'bus' }, busIn);
    if (this.clientIn > 0) this.metrics.messagesIn.inc({ source: 'client' }, this.clientIn);
    this.clientIn = 0;
    this.metrics.messagesOut.inc(sent);
    this.metrics.bytesOut.inc(bytes);
    if (this.counters.conflated > 0) this.metrics.dropped.inc({ reason: 'conflated' }, this.counters.conflated);
    this.totalConflated += this.counters.conflated;
    this.counters.conflated = 0;
    this.rates = {
      at: now,
      busIn: this.busIn,
      sent: this.counters.sent,
      sentBytes: this.counters.sentBytes,
      inPerSecond: Math.round(busIn / secs),
      outPerSecond: Math.round(sent / secs),
      bytesPerSecond: Math.round(bytes / secs),
    };
    this.metrics.rooms.set(this.rooms.size);
    this.metrics.subscriptions.set(this.memberships);
  }
  private totalConflated = 0;

  // ---- status ------------------------------------------------------------------------------

  status(): InstanceStatus {
    return {
      instanceId: this.instanceId,
      startedAt: this.startedAt,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      connections: this.connections.size,
      rooms: this.rooms.size,
      subscriptions: this.memberships,
      busSubscriptions: this.follows.size,
      messagesInPerSecond: this.rates.inPerSecond,
      messagesOutPerSecond: this.rates.outPerSecond,
      bytesOutPerSecond: this.rates.bytesPerSecond,
      conflated: this.totalConflated + this.counters.conflated,
      closes: { ...this.closes },
      limits: this.limits(),
    };
  }

  report(maxRooms = MAX_REPORTED_ROOMS, maxConnections = MAX_REPORTED_CONNECTIONS): StatusReport {
    const rooms: Record<string, number> = {};
    let n = 0;
    for (const [name, room] of this.rooms) {
      if (n++ >= maxRooms) break;
      rooms[name] = room.members.size;
    }
    const connections: ConnectionInfo[] = [];
    for (const c of this.connections) {
      if (connections.length >= maxConnections) break;
      connections.push({
        id: c.id,
        instanceId: this.instanceId,
        remote: c.remote,
        connectedAt: c.connectedAt,
        rooms: c.rooms.size,
        queued: c.queued,
        bufferedBytes: c.bufferedAmount,
        sent: c.counters.sent,
        conflated: c.counters.conflated,
      });
    }
    return { status: this.status(), rooms, connections };
  }

  /** This instance's report and the latest heard from the others within the last three periods. */
  cluster(): StatusReport[] {
    const fresh = Date.now() - 3 * this.options.statusEveryMs;
    const out = [this.report(Number.POSITIVE_INFINITY, 1_000)];
    for (const [id, p] of this.peers) {
      if (p.at < fresh) this.peers.delete(id);
      else out.push(p.report);
    }
    return out;
  }

  /** Publish this instance's status for the others and listen to theirs. */
  startStatus(): void {
    const { bus } = this.ctx;
    const sub = bus.subscribe(subjects.streamStatusAll);
    this.statusSub = sub;
    this.statusLoop = (async () => {
      for await (const msg of sub) {
        const report = msg.envelope.data as StatusReport;
        const id = report?.status?.instanceId;
        if (typeof id !== 'string' || id === this.instanceId) continue;
        this.peers.set(id, { report, at: Date.now() });
      }
    })().catch((err) => this.ctx.log.warn({ err }, 'status subscription ended'));
    const source = `stream@${this.instanceId}`;
    const publish = () => {
      bus
        .publish(
          subjects.streamStatus(this.instanceId),
          envelope({
            id: `stream.status:${this.instanceId}:${this.startedAt}:${++this.statusSeq}`,
            type: 'stream.status',
            source,
            key: this.instanceId,
            data: this.report(),
          }),
        )
        .catch((err) => this.ctx.log.warn({ err }, 'publishing the stream status failed'));
    };
    publish();
    const timer = setInterval(publish, this.options.statusEveryMs);
    timer.unref();
    this.timers.push(timer);
  }

  /** Close every connection (1001), cutting those that do not answer within the grace period. */
  async closeAll(): Promise<void> {
    this.stopped = true;
    for (const conn of this.connections) conn.close(CLOSE.goingAway, 'server shutting down', 'shutdown');
    const until = Date.now() + this.options.closeGraceMs;
    while (this.connections.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    for (const conn of this.connections) conn.ws.terminate();
  }

  /** Stop timers and bus subscriptions. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    for (const conn of this.connections) conn.ws.terminate();
    const loops: Promise<void>[] = [];
    for (const f of this.follows.values()) {
      f.sub.unsubscribe();
      loops.push(f.loop);
    }
    this.follows.clear();
    this.rooms.clear();
    this.statusSub?.unsubscribe();
    if (this.statusLoop) loops.push(this.statusLoop);
    await Promise.all(loops);
  }
}

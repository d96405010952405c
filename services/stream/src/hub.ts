import type { Socket } from 'node:net';
import { type ConnectionInfo, type InstanceStatus, MAX_REPORTED_CONNECTIONS, MAX_REPORTED_ROOMS, type StatusReport } from '@bourse/core';
import { LRUCache } from 'lru-cache';
import type { WebSocket } from 'ws';
import { ClusterStatus } from './cluster.ts';
import { type CloseReason, Connection } from './connection.ts';
import type { StreamContext } from './context.ts';
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
import { type Room, RoomRegistry } from './room-registry.ts';
import { parseRoom, ROOM_USAGE } from './rooms.ts';
import { StreamStatistics } from './statistics.ts';
import { SummaryBuilder } from './summary.ts';

const MAX_KNOWN_SYMBOLS = 10_000;
/** How long a symbol's existence is trusted: a listed one for ten minutes, an unknown one (it may be listed soon) for thirty seconds. */
const KNOWN_TTL_MS = 600_000;
const UNKNOWN_TTL_MS = 30_000;

/**
 * The stream hub of one instance: it accepts connections, answers their messages and keeps
 * them alive, and holds the parts that do the rest: the rooms (and their bus subscriptions),
 * the statistics, and what the instances know of each other.
 */
export class Hub {
  readonly instanceId: string;
  readonly startedAt = Date.now();
  private readonly connections = new Set<Connection>();
  private readonly backlog = new Set<Connection>();
  private readonly known = new LRUCache<string, boolean>({ max: MAX_KNOWN_SYMBOLS });
  private readonly stats: StreamStatistics;
  private readonly rooms: RoomRegistry;
  private readonly peers: ClusterStatus;
  private readonly timers: NodeJS.Timeout[] = [];
  private nextId = 0;
  private stopped = false;

  constructor(
    private readonly ctx: StreamContext,
    readonly options: StreamOptions,
  ) {
    this.instanceId = ctx.config.instanceId;
    this.stats = new StreamStatistics(ctx.metrics);
    const summary = new SummaryBuilder(5, 20_000, async (symbol, day) => {
      const bar = await ctx.store.bars.latest(symbol, '1d');
      return bar && bar.start === day ? bar.open : undefined;
    });
    this.rooms = new RoomRegistry(ctx, options, this.stats, summary);
    this.peers = new ClusterStatus(ctx, this, options.statusEveryMs, () => this.report());
    this.timers.push(setInterval(() => this.heartbeat(), options.heartbeatMs));
    this.timers.push(setInterval(() => this.flushBacklog(), 50));
    this.timers.push(setInterval(() => this.stats.sample(this.rooms.size, this.rooms.memberships), 1000));
    this.timers.push(setInterval(() => this.rooms.publishSummary(), options.summaryEveryMs));
    for (const t of this.timers) t.unref();
  }

  // ---- connections -------------------------------------------------------------------------

  accept(ws: WebSocket, socket: Socket | undefined, remote: string): void {
    if (this.stopped || this.connections.size >= this.options.maxConnections) {
      this.stats.countClose('capacity');
      ws.close(CLOSE.tryAgainLater, 'server at capacity');
      return;
    }
    const conn = new Connection(
      `${this.instanceId}:${++this.nextId}`,
      ws,
      socket,
      remote,
      this.options,
      this.stats.counters,
      (c) => this.backlog.add(c),
      (c, why) => this.onClosing(c, why),
    );
    this.connections.add(conn);
    this.stats.connections(this.connections.size);
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
      this.stats.connections(this.connections.size);
    });
    conn.sendText(
      controlFrame({
        type: 'welcome',
        serverTime: Date.now(),
        instanceId: this.instanceId,
        connectionId: conn.id,
        rooms: [...ROOM_USAGE],
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
    this.stats.countClose(why);
    this.rooms.leaveAll(conn);
    this.backlog.delete(conn);
  }

  private onMessage(conn: Connection, data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    conn.alive = true;
    this.stats.clientMessage();
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
        for (const name of op.rooms) this.rooms.leave(conn, name);
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
        joined.push(this.rooms.join(conn, spec));
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
    await Promise.all(joined.map((room) => this.rooms.sendSnapshot(conn, room)));
  }

  private async isKnown(symbol: string): Promise<boolean> {
    const hit = this.known.get(symbol);
    if (hit !== undefined) return hit;
    const ok = (await this.ctx.store.instruments.get(symbol)) !== undefined;
    this.known.set(symbol, ok, { ttl: ok ? KNOWN_TTL_MS : UNKNOWN_TTL_MS });
    return ok;
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

  // ---- status ------------------------------------------------------------------------------

  status(): InstanceStatus {
    return {
      instanceId: this.instanceId,
      startedAt: this.startedAt,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      connections: this.connections.size,
      rooms: this.rooms.size,
      subscriptions: this.rooms.memberships,
      busSubscriptions: this.rooms.busSubscriptions,
      ...this.stats.throughput(),
      limits: this.limits(),
    };
  }

  /** This instance's status, rooms and connections, the first `maxRooms` and `maxConnections` of them. */
  report(maxRooms = MAX_REPORTED_ROOMS, maxConnections = MAX_REPORTED_CONNECTIONS): StatusReport {
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
    return { status: this.status(), rooms: this.rooms.members(maxRooms), connections };
  }

  /** This instance's report (every room, up to 1000 connections) and the latest heard from the others. */
  cluster(): StatusReport[] {
    return this.peers.reports(this.report(Number.POSITIVE_INFINITY, 1_000));
  }

  /** Publish this instance's status for the others and listen to theirs. */
  startStatus(): void {
    this.peers.start();
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
    await Promise.all([this.rooms.stop(), this.peers.stop()]);
  }
}

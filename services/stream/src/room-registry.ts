import { type Envelope, ticksOrNone } from '@bourse/core';
import type { Connection } from './connection.ts';
import type { BusSubscription, StreamContext } from './context.ts';
import type { StreamOptions } from './protocol.ts';
import { GENERAL, type RoomSpec, type RoomValue } from './rooms.ts';
import type { StreamStatistics } from './statistics.ts';
import type { SummaryBuilder } from './summary.ts';

/** A room with members here; the hub holds it only between a join and the snapshot. */
export interface Room {
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

/**
 * The rooms with members on this instance, and one live bus subscription per subject they
 * follow (made when a room's first member joins, dropped when the last one leaves). Each
 * update is serialised once and the same bytes go to every member; a member whose snapshot
 * is still loading gets the updates after it.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly follows = new Map<string, Follow>();
  private joined = 0;
  private stopped = false;

  constructor(
    private readonly ctx: StreamContext,
    private readonly options: StreamOptions,
    private readonly stats: StreamStatistics,
    private readonly summary: SummaryBuilder,
  ) {}

  /** Rooms with members. */
  get size(): number {
    return this.rooms.size;
  }

  /** Room memberships (connection x room). */
  get memberships(): number {
    return this.joined;
  }

  /** Live bus subscriptions held for the rooms. */
  get busSubscriptions(): number {
    return this.follows.size;
  }

  /** Room name -> members here, the first `max` rooms. */
  members(max = Number.POSITIVE_INFINITY): Record<string, number> {
    const out: Record<string, number> = {};
    let n = 0;
    for (const [name, room] of this.rooms) {
      if (n++ >= max) break;
      out[name] = room.members.size;
    }
    return out;
  }

  /** Add a member; its updates wait until `sendSnapshot` has sent the snapshot. */
  join(conn: Connection, spec: RoomSpec): Room {
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
    this.joined++;
    return room;
  }

  leave(conn: Connection, name: string): void {
    if (!conn.rooms.delete(name)) return;
    conn.pending?.delete(name);
    this.joined--;
    const room = this.rooms.get(name);
    if (!room) return;
    room.members.delete(conn);
    if (room.members.size === 0) {
      this.rooms.delete(name);
      this.unfollow(room);
    }
  }

  leaveAll(conn: Connection): void {
    for (const name of [...conn.rooms]) this.leave(conn, name);
  }

  /** The room's state first (this instance's latest, else what its spec loads), then the updates that arrived meanwhile. */
  async sendSnapshot(conn: Connection, room: Room): Promise<void> {
    const name = room.spec.name;
    let value: RoomValue | undefined;
    try {
      value = await this.snapshotOf(room);
    } catch (err) {
      this.ctx.log.warn({ err, room: name }, 'loading a snapshot failed; sending none');
    }
    const pending = conn.pending?.get(name);
    if (!pending || conn.closing || !room.members.has(conn)) return;
    conn.pending!.delete(name);
    const seq = value?.seq ?? 0;
    conn.send(Buffer.from(`${room.prefix}${seq},"snapshot":true,"data":${value === undefined ? 'null' : JSON.stringify(value.data)}}`));
    const key = room.spec.conflate ? name : undefined;
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

  /** Send the general room the market summary, when it has members and something changed. */
  publishSummary(): void {
    const room = this.rooms.get(GENERAL.name);
    if (!room) return;
    const summary = this.summary.take();
    if (summary) this.broadcast(room, Math.max(room.seq + 1, summary.ts), summary);
  }

  /** Drop every bus subscription and wait for their loops to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    const loops: Promise<void>[] = [];
    for (const f of this.follows.values()) {
      f.sub.unsubscribe();
      loops.push(f.loop);
    }
    this.follows.clear();
    this.rooms.clear();
    await Promise.all(loops);
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
      this.stats.busSubscriptions(this.follows.size);
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
    this.stats.busSubscriptions(this.follows.size);
    if (room.spec === GENERAL) this.summary.clear();
  }

  private async run(f: Follow): Promise<void> {
    try {
      for await (const msg of f.sub) {
        this.stats.busMessage();
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
}

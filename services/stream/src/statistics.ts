import type { Metrics } from '@bourse/kit';
import type { CloseReason, ConnectionCounters } from './connection.ts';

/** What the statistics tell about throughput, for the instance's status. */
export interface Throughput {
  messagesInPerSecond: number;
  messagesOutPerSecond: number;
  bytesOutPerSecond: number;
  conflated: number;
  closes: Record<string, number>;
}

/**
 * The instance's counters and the Prometheus metrics fed from them. Counting is cheap (plain
 * fields bumped on the hot path); once a second `sample` turns the counts into rates and moves
 * them into the metrics.
 */
export class StreamStatistics {
  /** Frames and bytes sent and frames conflated, summed over every connection (each keeps its own too). */
  readonly counters: ConnectionCounters = { sent: 0, sentBytes: 0, conflated: 0 };
  private readonly closes: Record<string, number> = {};
  private busIn = 0;
  private clientIn = 0;
  private totalConflated = 0;
  private rates = { at: performance.now(), busIn: 0, sent: 0, sentBytes: 0, inPerSecond: 0, outPerSecond: 0, bytesPerSecond: 0 };
  private readonly metrics;

  constructor(m: Metrics) {
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
  }

  busMessage(): void {
    this.busIn++;
  }

  clientMessage(): void {
    this.clientIn++;
  }

  connections(open: number): void {
    this.metrics.connections.set(open);
  }

  busSubscriptions(live: number): void {
    this.metrics.busSubscriptions.set(live);
  }

  countClose(why: CloseReason): void {
    this.closes[why] = (this.closes[why] ?? 0) + 1;
    this.metrics.closes.inc({ reason: why });
    if (why === 'overflow') this.metrics.dropped.inc({ reason: 'overflow' });
  }

  /** The rates since the previous sample; the counts go to the metrics, with the rooms and memberships now. */
  sample(rooms: number, memberships: number): void {
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
    this.metrics.rooms.set(rooms);
    this.metrics.subscriptions.set(memberships);
  }

  throughput(): Throughput {
    return {
      messagesInPerSecond: this.rates.inPerSecond,
      messagesOutPerSecond: this.rates.outPerSecond,
      bytesOutPerSecond: this.rates.bytesPerSecond,
      conflated: this.totalConflated + this.counters.conflated,
      closes: { ...this.closes },
    };
  }
}

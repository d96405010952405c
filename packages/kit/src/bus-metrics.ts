import type { Bus, BusObserver, NatsBus, OutboxObserver } from '@bourse/bus';
import type { Metrics } from './metrics.ts';

/**
 * The bus's failures on /metrics: dead letters by the subject pattern consumed, the consumer and
 * why (malformed, poison, failed, not_acked), and retries of transient failures (a dependency
 * away). Labelled by pattern, not by subject: a flood of unknown symbols must not make a label each.
 */
export function busMetrics(metrics: Metrics): BusObserver {
  const dead = metrics.counter('bus_dead_letters_total', 'Messages dead-lettered, each once', ['subject', 'consumer', 'reason']);
  const transient = metrics.counter(
    'bus_transient_retries_total',
    'Redeliveries after a transient failure (not counted towards maxDeliver)',
    ['subject', 'consumer'],
  );
  return {
    deadLettered: (e) => dead.inc({ subject: e.pattern, consumer: e.consumer, reason: e.kind }),
    transientRetry: (e) => transient.inc({ subject: e.pattern, consumer: e.consumer }),
  };
}

/**
 * The publish buffer on /metrics: what it holds now (gauges read at each scrape) and what it
 * resent and dropped (counters, by reason), so that a drop is never silent.
 */
export function outboxMetrics(metrics: Metrics): { readonly observer: OutboxObserver; watch(bus: Bus): void } {
  const resent = metrics.counter('bus_publish_resent_total', 'Messages stored by NATS after one or more failed publish attempts');
  const dropped = metrics.counter(
    'bus_publish_dropped_total',
    'Held messages dropped: the publish buffer was full, or the process closed first',
    ['reason'],
  );
  const failed = metrics.counter('bus_publish_refused_total', 'Messages NATS refused for themselves (too large, invalid), not held');
  return {
    observer: {
      resent: () => resent.inc(),
      dropped: (reason, count) => dropped.inc({ reason }, count),
      failed: () => failed.inc(),
    },
    watch(bus) {
      if (bus.kind !== 'nats') return;
      const stats = (bus as NatsBus).outbox;
      metrics.gauge(
        'bus_publish_holding',
        '1 while the publish buffer holds what NATS did not take (NATS away or failing), else 0',
        [],
        (g) => g.set(stats.holding),
      );
      metrics.gauge('bus_publish_held', 'Messages held by the publish buffer (waiting for NATS or in flight)', [], (g) =>
        g.set(stats.held),
      );
      metrics.gauge('bus_publish_held_bytes', 'Bytes held by the publish buffer', [], (g) => g.set(stats.heldBytes));
    },
  };
}

import type { BusObserver } from '@bourse/bus';
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

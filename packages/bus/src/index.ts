import type { Config } from '@bourse/core';
import { createMemoryBus, type MemoryBusOptions } from './memory.ts';
import { createNatsBus, type NatsBusOptions } from './nats.ts';
import type { OutboxObserver } from './outbox.ts';
import type { Bus, BusLogger, BusObserver } from './port.ts';

export { createMemoryBus, type MemoryBus, type MemoryBusOptions } from './memory.ts';
export { createNatsBus, type NatsBus, type NatsBusOptions, type StreamSpec } from './nats.ts';
export type { OutboxObserver, OutboxStats } from './outbox.ts';
export {
  type Bus,
  BusClosedError,
  type BusLogger,
  type BusMessage,
  type BusObserver,
  BusOverflowError,
  type Consumer,
  type ConsumerStats,
  type ConsumeOptions,
  type DeadLetter,
  type DeadLetterKind,
  InvalidBusArgumentError,
  type MessageHandler,
  PoisonMessageError,
  type StoredRef,
  type Subscription,
} from './port.ts';
export { subjectMatches } from './subjects.ts';

/**
 * The one place that picks the bus adapter: in-process for the embedded shape, NATS JetStream
 * for the distributed one. `name` is the service (or process) name: the NATS connection name and
 * the source of the dead letters it publishes.
 */
export async function createBus(
  config: Config['bus'],
  options: {
    name: string;
    logger?: BusLogger;
    /** Counts dead letters and transient retries. */
    observer?: BusObserver;
    memory?: Omit<MemoryBusOptions, 'name' | 'logger' | 'observer' | 'maxRetryDelayMs'>;
    /** JetStream and publish-buffer settings (config.nats); defaults when absent. */
    nats?: Config['nats'];
    /** Where the publish buffer reports resends and drops (metrics). */
    outboxObserver?: OutboxObserver;
  },
): Promise<Bus> {
  const shared = {
    name: options.name,
    ...(config.maxRetryDelayMs !== undefined ? { maxRetryDelayMs: config.maxRetryDelayMs } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.observer ? { observer: options.observer } : {}),
  };
  switch (config.kind) {
    case 'memory':
      return createMemoryBus({ ...options.memory, ...shared });
    case 'nats': {
      const n = options.nats;
      const nats: NatsBusOptions = {
        servers: config.servers,
        ...shared,
        ...(n ? { replicas: n.replicas, dedupWindowMs: n.duplicateWindowMs, maxBytes: n.maxBytes } : {}),
        outbox: {
          ...(n ? n.outbox : {}),
          ...(options.outboxObserver ? { observer: options.outboxObserver } : {}),
        },
      };
      return createNatsBus(nats);
    }
  }
}

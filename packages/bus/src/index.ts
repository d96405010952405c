import type { Config } from '@bourse/core';
import { createMemoryBus, type MemoryBusOptions } from './memory.ts';
import { createNatsBus, type NatsBusOptions } from './nats.ts';
import type { OutboxObserver } from './outbox.ts';
import type { Bus, BusLogger } from './port.ts';

export { createMemoryBus, type MemoryBus, type MemoryBusOptions } from './memory.ts';
export { createNatsBus, type NatsBus, type NatsBusOptions, type StreamSpec } from './nats.ts';
export type { OutboxObserver, OutboxStats } from './outbox.ts';
export {
  type Bus,
  BusClosedError,
  type BusLogger,
  type BusMessage,
  BusOverflowError,
  type Consumer,
  type ConsumeOptions,
  type DeadLetter,
  InvalidBusArgumentError,
  type MessageHandler,
  PoisonMessageError,
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
    memory?: Omit<MemoryBusOptions, 'name' | 'logger'>;
    /** JetStream and publish-buffer settings (config.nats); defaults when absent. */
    nats?: Config['nats'];
    /** Where the publish buffer reports resends and drops (metrics). */
    outboxObserver?: OutboxObserver;
  },
): Promise<Bus> {
  switch (config.kind) {
    case 'memory':
      return createMemoryBus({ ...options.memory, name: options.name, ...(options.logger ? { logger: options.logger } : {}) });
    case 'nats': {
      const n = options.nats;
      const nats: NatsBusOptions = {
        servers: config.servers,
        name: options.name,
        ...(options.logger ? { logger: options.logger } : {}),
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

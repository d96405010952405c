import { PoisonMessageError, type BusMessage } from '@bourse/bus';
import { instrumentPayload, readTickBatch, subjects, type Tick, TickBatchError } from '@bourse/core';
import { defineService, messageLog, type ServiceContext, type Worker } from '@bourse/kit';
import { IngestBatcher } from './batcher.ts';
import { outageLog } from './outage.ts';

export { IngestBatcher } from './batcher.ts';

/** The message's ticks, or a PoisonMessageError whose message is the dead letter's reason. */
export function validateTickBatch(msg: BusMessage, known: (symbol: string) => boolean): Tick[] {
  let ticks: Tick[];
  try {
    ticks = readTickBatch(msg.envelope);
  } catch (err) {
    if (err instanceof TickBatchError) throw new PoisonMessageError(err.message);
    throw err;
  }
  let checked: string | undefined;
  for (const t of ticks) {
    if (t.symbol === checked) continue; // a batch is one symbol's ticks, as the feed sends them
    // Consumers that follow one symbol's subject (the stream's rooms, bars) must see all of its ticks and only its.
    if (msg.subject !== subjects.tick(t.symbol)) throw new PoisonMessageError(`subject ${msg.subject} carries ticks of ${t.symbol}`);
    if (!known(t.symbol)) throw new PoisonMessageError(`unknown symbol ${t.symbol}`);
    checked = t.symbol;
  }
  return ticks;
}

/** How long the bus waits for a message's ack before redelivering it (the bus's default, stated: the batcher's hold depends on it). */
const ACK_WAIT_MS = 30_000;

export async function startIngest({ bus, store, config, log, metrics }: ServiceContext<'bus' | 'store'>): Promise<Worker> {
  const stored = metrics.counter('ingest_ticks_stored_total', 'Ticks stored');
  const duplicates = metrics.counter('ingest_ticks_duplicate_total', 'Ticks already stored (redelivered or republished)');
  const deadLettered = metrics.counter('ingest_messages_dead_lettered_total', 'Messages dead-lettered', ['reason']);
  const batchSeconds = metrics.histogram(
    'ingest_batch_seconds',
    'Time to write one batch',
    [],
    [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  );
  const batchTicks = metrics.histogram('ingest_batch_ticks', 'Ticks per written batch', [], [1, 10, 50, 100, 500, 1000, 2000, 5000, 10000]);

  // Known symbols: refreshed from the registry when an unknown one shows up (at most once a second) and on registry events.
  let known = new Set(await store.instruments.symbols());
  let lastRefresh = Date.now();
  const refresh = async () => {
    known = new Set(await store.instruments.symbols());
    lastRefresh = Date.now();
  };
  const registry = bus.subscribe(subjects.instrumentsAll);
  void (async () => {
    for await (const msg of registry) {
      // An announcement that does not read costs nothing: the symbol's first ticks refresh the registry.
      const instrument = instrumentPayload.readOrNone(msg.envelope);
      if (instrument) {
        known.add(instrument.symbol);
        messageLog(log, msg.envelope).info({ symbol: instrument.symbol }, 'instrument registered: accepting its ticks');
      }
    }
  })().catch((err: unknown) => log.error({ err }, 'registry subscription ended: new symbols are found on their first ticks'));

  const unavailable = metrics.counter('ingest_store_unavailable_total', 'Batch writes that failed because the store was away (retried)');
  const refused = metrics.counter(
    'ingest_store_refused_total',
    'Messages whose ticks the store refused (found by bisecting; dead-lettered)',
  );
  const outage = outageLog(log, 'store');
  const batcher = new IngestBatcher(
    async (ticks) => {
      const end = batchSeconds.startTimer();
      const result = await store.ticks.ingest(ticks);
      end();
      batchTicks.observe(ticks.length);
      stored.inc(result.inserted);
      duplicates.inc(result.duplicates);
    },
    config.ingest.batchSize,
    config.ingest.maxWaitMs,
    {
      // Half the ack wait: a message held this long, plus a write, is still acked or rejected before the bus redelivers it.
      holdMs: ACK_WAIT_MS / 2,
      onUnavailable: (err) => {
        unavailable.inc();
        outage.down(err);
      },
      onWritten: () => outage.up(),
      onRefused: (err) => {
        refused.inc();
        log.warn({ err }, "the store refused a message's ticks: dead-lettering it, storing the rest of its batch");
      },
    },
  );

  const consumer = await bus.consume(
    subjects.ticksAll,
    { durable: 'ingest', maxDeliver: 5, ackWaitMs: ACK_WAIT_MS, concurrency: Math.max(64, Math.ceil(config.ingest.batchSize / 10)) },
    async (msg) => {
      let ticks: Tick[];
      try {
        try {
          ticks = validateTickBatch(msg, (s) => known.has(s));
        } catch (err) {
          // A symbol registered a moment ago: look again in the registry (at most once a second).
          if (!(err instanceof PoisonMessageError && err.message.startsWith('unknown symbol') && Date.now() - lastRefresh > 1000))
            throw err;
          await refresh();
          ticks = validateTickBatch(msg, (s) => known.has(s));
        }
      } catch (err) {
        if (err instanceof PoisonMessageError) deadLettered.inc({ reason: err.message.split(/[:\s]/)[0] ?? 'invalid' });
        throw err;
      }
      await batcher.add(ticks);
    },
  );
  // What the bus did with the messages: acked, redelivered, or dead-lettered (including
  // bytes that were not an envelope, which never reach the handler).
  metrics.gauge('ingest_messages', 'Tick messages by outcome since start', ['outcome'], (g) => {
    g.set({ outcome: 'acked' }, consumer.stats.acked);
    g.set({ outcome: 'retried' }, consumer.stats.retried);
    g.set({ outcome: 'dead_lettered' }, consumer.stats.deadLettered);
  });
  log.info({ batchSize: config.ingest.batchSize, maxWaitMs: config.ingest.maxWaitMs }, 'ingest consuming ticks');

  return {
    async stop() {
      // What cannot be written now goes back to the bus for the next process rather than hold the shutdown.
      batcher.stopHolding();
      registry.unsubscribe();
      const stopped = consumer.stop();
      await batcher.flush();
      await stopped;
      await batcher.flush();
    },
  };
}

/** Ingest: ticks from the bus into the store, batched, idempotent; bad messages dead-lettered. */
export const ingestService = defineService({
  name: 'ingest',
  description: 'Stores ticks from the bus (batched, idempotent) and rolls them up into bars',
  needs: ['bus', 'store'],
  prefixes: [],
  start: startIngest,
});

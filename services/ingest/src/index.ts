import { PoisonMessageError, type BusMessage } from '@bourse/bus';
import { instrumentPayload, readTickBatch, subjects, type Tick, TickBatchError } from '@bourse/core';
import { defineService, messageLog, type ServiceContext, type Worker } from '@bourse/kit';

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
    if (!known(t.symbol)) throw new PoisonMessageError(`unknown symbol ${t.symbol}`);
    checked = t.symbol;
  }
  return ticks;
}

interface Pending {
  ticks: Tick[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Gathers ticks from many bus messages into one store transaction: flushed when
 * `batchSize` ticks wait or the oldest has waited `maxWaitMs`. Each message is acked
 * only once the batch holding its ticks is committed. Up to `maxInFlight` batches are
 * written at once, so the next batch is parsed and gathered while the database writes
 * the previous one (the store takes its locks in one order, so concurrent batches
 * cannot deadlock, and a tick in two batches is stored once).
 */
export class IngestBatcher {
  private pending: Pending[] = [];
  private count = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly write: (ticks: Tick[]) => Promise<void>,
    private readonly batchSize: number,
    private readonly maxWaitMs: number,
    private readonly maxInFlight = 2,
  ) {}

  add(ticks: Tick[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ ticks, resolve, reject });
      this.count += ticks.length;
      if (this.count >= this.batchSize) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.maxWaitMs);
    });
  }

  /** Start writing what is waiting; resolves when every batch started so far is written (or failed). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.count = 0;
    if (batch.length > 0) {
      while (this.inFlight.size >= this.maxInFlight) await new Promise<void>((r) => this.waiting.push(r));
      const writing = (async () => {
        try {
          await this.write(batch.flatMap((p) => p.ticks));
          for (const p of batch) p.resolve();
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      })();
      this.inFlight.add(writing);
      void writing.then(() => {
        this.inFlight.delete(writing);
        this.waiting.shift()?.();
      });
    }
    await Promise.all(this.inFlight);
  }
}

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
  })();

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
  );

  const consumer = await bus.consume(
    subjects.ticksAll,
    { durable: 'ingest', maxDeliver: 5, concurrency: Math.max(64, Math.ceil(config.ingest.batchSize / 10)) },
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

import { CATALOG, envelope, subjects, TICK_BATCH, type Tick, tickBatch, ticksOrNone } from '@bourse/core';
import { defineService, type ServiceContext, type Worker } from '@bourse/kit';
import { liveStart, SyntheticHistory } from '@bourse/providers';
import Type from 'typebox';
import { TickBatcher } from './batcher.ts';
import { ChainGenerator } from './chains.ts';
import { type MarketResume, SyntheticMarket } from './market.ts';

export * from './batcher.ts';
export * from './chains.ts';
export * from './expiries.ts';
export * from './listing.ts';
export * from './market.ts';
export * from './provider.ts';
export * from './strikes.ts';
export * from './volatility.ts';

export interface FeedStatus {
  running: boolean;
  seed: number;
  rate: number;
  instruments: number;
  ticks: number;
  batches: number;
  chains: number;
  startedAt: number | null;
}

/**
 * The synthetic market as a service: ticks at `rate` per second in total, spread over the
 * instruments by weight, batched per symbol and published on md.tick.<symbol>. On start
 * it continues each instrument's price path and sequence from the store.
 */
export async function startFeed(ctx: ServiceContext<'bus' | 'store'>, status: FeedStatus): Promise<Worker | undefined> {
  const { config, bus, store, log, metrics } = ctx;
  if (!config.feed.enabled || config.feed.rate <= 0) {
    log.info('synthetic feed disabled');
    return undefined;
  }
  // Continue from the later of what the store holds and what the bus still carries: after a
  // restart in the distributed shape, ticks published before the stop may not be stored yet.
  const resume: Record<string, { price: number; seq: number; ts: number }> = {};
  for (const [symbol, last] of await store.ticks.lastSeq()) resume[symbol] = { price: last.price, seq: last.seq, ts: last.ts };
  await Promise.all(
    CATALOG.map(async ({ symbol }) => {
      const env = await bus.lastPublished(subjects.tick(symbol));
      // Only a feed's own batches say where the feed stood; anything else on the subject is not ours to continue.
      const ours = env?.type === TICK_BATCH && env.source.startsWith('feed@');
      const ticks = ours ? ticksOrNone(env) : [];
      const last = ticks.at(-1);
      if (last && last.symbol === symbol && last.seq > (resume[symbol]?.seq ?? -1))
        resume[symbol] = { price: last.price, seq: last.seq, ts: last.ts };
    }),
  );
  // A first start or a restart after a gap picks up the history's last close (what the etl backfill loads).
  const history = new SyntheticHistory({ seed: config.feed.seed, ticksPerSecond: config.feed.rate });
  const start = liveStart(
    history,
    CATALOG.map((e) => e.symbol),
    resume,
    Date.now(),
  );
  const market = new SyntheticMarket({ seed: config.feed.seed, resume: start as MarketResume });
  // A publish resolves once NATS stored the batch or, while NATS is away, once the bus's outbox holds it for a
  // resend with the same id: the sequence stays gapless across an outage. What fails here was refused for itself,
  // or dropped by a full outbox (counted there too).
  const published = metrics.counter('feed_ticks_published_total', 'Ticks published by the synthetic feed (stored, or held for resend)');
  const failed = metrics.counter('feed_publish_failures_total', 'Tick batches the bus refused or dropped');
  const source = `feed@${config.instanceId}`;

  const batcher = new TickBatcher(
    async (symbol: string, ticks: Tick[]) => {
      await bus.publish(subjects.tick(symbol), tickBatch(ticks, { source }));
      published.inc(ticks.length);
      status.ticks += ticks.length;
      status.batches += 1;
    },
    {
      maxSize: 100,
      lingerMs: config.feed.batchLingerMs,
      onError: (err, symbol, ticks) => {
        failed.inc();
        log.error({ err, symbol, ticks: ticks.length }, 'publishing a tick batch failed');
      },
    },
  );

  // Emit what the rate owes since the start, spreading the ticks' timestamps over the elapsed time.
  const startedAt = Date.now();
  let emitted = 0;
  let lastTs = startedAt;
  const step = () => {
    const now = Date.now();
    const due = Math.floor((config.feed.rate * (now - startedAt)) / 1000) - emitted;
    if (due <= 0) return;
    // After a stall (a paused laptop), skip ahead rather than bursting.
    const n = Math.min(due, Math.max(1, Math.ceil(config.feed.rate)));
    for (const t of market.nextTicks(n, lastTs, now)) batcher.add(t);
    emitted += due;
    lastTs = now;
  };
  const timer = setInterval(step, 20);
  const chains = config.chains.enabled ? startChains(ctx, market, status) : undefined;
  Object.assign(status, { running: true, startedAt, instruments: market.instruments.length });
  log.info(
    { rate: config.feed.rate, seed: config.feed.seed, instruments: market.instruments.length, resumed: Object.keys(resume).length },
    'synthetic feed running',
  );

  return {
    async stop() {
      clearInterval(timer);
      status.running = false;
      await chains?.stop();
      await batcher.close();
    },
  };
}

/**
 * Option chains priced from the live market: every `config.chains.intervalMs`, one envelope per
 * underlying on md.chain.<underlying> with every listed expiry.
 */
function startChains(ctx: ServiceContext<'bus' | 'store'>, market: SyntheticMarket, status: FeedStatus): Worker {
  const { config, bus, log, metrics } = ctx;
  const underlyings = config.chains.underlyings.filter((u) => market.has(u));
  const generator = new ChainGenerator({ seed: config.feed.seed, underlyings });
  const published = metrics.counter('feed_chains_published_total', 'Option chains published by the synthetic feed');
  const source = `feed@${config.instanceId}`;
  let inFlight: Promise<void> | undefined;
  const publish = async () => {
    const ts = Date.now();
    for (const underlying of underlyings) {
      try {
        const data = generator.generate(underlying, market.price(underlying), ts);
        await bus.publish(
          subjects.chain(underlying),
          envelope({ id: `chain:${underlying}@${ts}`, type: 'option.chain', source, key: underlying, ts, data }),
        );
        published.inc();
        status.chains += 1;
      } catch (err) {
        log.error({ err, underlying }, 'publishing an option chain failed');
      }
    }
  };
  // A slow bus skips a round rather than queueing them.
  const tick = () => {
    if (inFlight) return;
    inFlight = publish().finally(() => {
      inFlight = undefined;
    });
  };
  tick();
  const timer = setInterval(tick, config.chains.intervalMs);
  log.info({ underlyings, intervalMs: config.chains.intervalMs }, 'synthetic option chains running');
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}

const FeedStatusSchema = Type.Object({
  running: Type.Boolean(),
  seed: Type.Integer(),
  rate: Type.Number({ description: 'ticks per second in total' }),
  instruments: Type.Integer(),
  ticks: Type.Integer({ description: 'ticks published since start' }),
  batches: Type.Integer(),
  chains: Type.Integer({ description: 'option chains published since start' }),
  startedAt: Type.Union([Type.Integer(), Type.Null()]),
});

export function createFeedService() {
  const status: FeedStatus = { running: false, seed: 0, rate: 0, instruments: 0, ticks: 0, batches: 0, chains: 0, startedAt: null };
  return defineService({
    name: 'feed',
    description: 'Synthetic market: GBM prices for equities, ETFs, indices, crypto and FX; option chains on md.chain.<underlying>',
    needs: ['bus', 'store'],
    prefixes: ['/feed'],
    async routes(app, { config }) {
      status.seed = config.feed.seed;
      status.rate = config.feed.rate;
      app.get(
        '/feed/status',
        { schema: { tags: ['feed'], summary: 'Synthetic feed status', response: { 200: FeedStatusSchema } } },
        async () => status,
      );
    },
    start: (ctx) => startFeed(ctx, status),
  });
}

export const feedService = createFeedService();

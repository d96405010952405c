import type { Bus, Consumer } from '@bourse/bus';
import type { Cache } from '@bourse/cache';
import { aiSignalPayload, barPayload, envelope, INSIGHT, type Insight, subjects } from '@bourse/core';
import type { Logger, Metrics, Worker } from '@bourse/kit';
import type { Store } from '@bourse/store';
import { computeInsight } from './compute.ts';
import type { Weights } from './score.ts';

/** How many insights `analysis:history:{symbol}` keeps in the cache (the store keeps them all). */
export const HISTORY_IN_CACHE = 100;

export const cacheKeys = {
  insight: (symbol: string) => `insight:${symbol}`,
  history: (symbol: string) => `analysis:history:${symbol}`,
};

/**
 * Recomputes a symbol's insight on each of its final one-minute bars (the technical view moves with
 * the open day) and on each new model signal, through durable consumers shared by every insights
 * instance: each event is handled once. The store keeps every insight (the durable copy); the
 * cache holds the current one under `insight:{symbol}` and the last HISTORY_IN_CACHE under
 * `analysis:history:{symbol}`, as the AI-backend design names them.
 */
export async function startInsights(d: {
  bus: Bus;
  store: Store;
  cache: Cache;
  log: Logger;
  metrics: Metrics;
  weights: Weights;
  instanceId: string;
}): Promise<Worker> {
  const computed = d.metrics.counter('insights_computed_total', 'Insights computed', ['label']);
  const source = `insights@${d.instanceId}`;

  async function refresh(symbol: string, asOf: number): Promise<void> {
    const insight = await computeInsight(d.store, symbol, asOf, d.weights);
    if (!(await d.store.insights.save(symbol, insight.asOf, insight.score, insight))) return;
    const history = (await d.cache.get<Insight[]>(cacheKeys.history(symbol)).catch(() => undefined)) ?? [];
    await d.cache
      .setMany([
        { key: cacheKeys.insight(symbol), value: insight },
        { key: cacheKeys.history(symbol), value: [...history, insight].slice(-HISTORY_IN_CACHE) },
      ])
      .catch((err: unknown) => d.log.warn({ err, symbol }, 'insight not cached (the store has it)'));
    await d.bus.publish(
      subjects.insight(symbol),
      envelope({ id: `insight:${symbol}:${insight.asOf}`, type: INSIGHT, source, key: symbol, data: insight }),
    );
    computed.inc({ label: insight.label });
  }

  const consumers: Consumer[] = [
    await d.bus.consume('md.bar.1m.>', { durable: 'insights-bars', concurrency: 4 }, async (msg) => {
      const bar = barPayload.read(msg.envelope);
      if (bar.final) await refresh(bar.symbol, bar.start + 60_000);
    }),
    await d.bus.consume(subjects.signalsAll, { durable: 'insights-signals', concurrency: 4 }, async (msg) => {
      const signal = aiSignalPayload.read(msg.envelope);
      await refresh(signal.symbol, Math.max(signal.asOf, msg.envelope.ts));
    }),
  ];
  return {
    async stop() {
      await Promise.all(consumers.map((c) => c.stop()));
    },
  };
}

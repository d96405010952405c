import { defineService } from '@bourse/kit';
import { aiRoutes } from './routes.ts';
import { loadModel } from './scoring.ts';
import { startAiWorker } from './worker.ts';

export { DEFAULT_MODEL, train } from './training.ts';
export { scoreSymbol } from './scoring.ts';

/**
 * AI signals: point-in-time features of the bars, models (L2 logistic regression, gradient-boosted
 * trees) validated walk-forward before they are registered, and signals on every final bar of each
 * active model's interval, each shown with its model's out-of-sample record.
 */
export const aiService = defineService({
  name: 'ai',
  description: 'Features, models and their registry, walk-forward validation, signals with confidence and their out-of-sample record',
  needs: ['bus', 'store'],
  prefixes: ['/ai'],
  async routes(app, ctx) {
    // A model activated through the API emits its signals at once (the worker refreshes its list on its next pass too).
    await aiRoutes(app, ctx.store, async (id) => {
      const record = await ctx.store.ai.model(id);
      if (record)
        void worker?.scoreNow(loadModel(record)).catch((err: unknown) => ctx.log.warn({ err }, 'scoring a newly activated model failed'));
    });
  },
  async start(ctx) {
    worker = await startAiWorker({
      bus: ctx.bus,
      store: ctx.store,
      log: ctx.log,
      metrics: ctx.metrics,
      instanceId: ctx.config.instanceId,
      defaultModel: ctx.config.ai.defaultModel,
      pollMs: ctx.config.ai.jobPollMs,
    });
    ctx.log.info({ defaultModel: ctx.config.ai.defaultModel }, 'ai worker running training jobs and scoring final bars');
    return worker;
  },
});

let worker: Awaited<ReturnType<typeof startAiWorker>> | undefined;

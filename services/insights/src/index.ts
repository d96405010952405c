import { defineService } from '@bourse/kit';
import { insightsRoutes } from './routes.ts';
import { startInsights } from './worker.ts';

export { composite, DEFAULT_WEIGHTS, labelOf, optionsValue, technicalValue } from './score.ts';

/** Explainable composite scores (technical, AI, sentiment, options) per symbol, and the market overview. */
export const insightsService = defineService({
  name: 'insights',
  description: 'Explainable composite scores per symbol from technical, AI, sentiment and options components; the market overview',
  needs: ['bus', 'store', 'cache'],
  prefixes: ['/insights'],
  async routes(app, ctx) {
    await insightsRoutes(app, ctx.store, ctx.cache);
  },
  async start(ctx) {
    const worker = await startInsights({ ...ctx, weights: ctx.config.insights.weights, instanceId: ctx.config.instanceId });
    ctx.log.info({ weights: ctx.config.insights.weights }, 'insights scoring final 1m bars and model signals');
    return worker;
  },
});

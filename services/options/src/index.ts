import { defineService } from '@bourse/kit';
import { consumeChains } from './consumer.ts';
import { startPruning } from './retention.ts';
import { optionsRoutes } from './routes.ts';
import { chainState } from './state.ts';

export * from './analytics.ts';
export { ingestChain } from './consumer.ts';
export { PRUNE_BATCH, pruneHistory } from './retention.ts';
export { MAX_BATCH } from './schemas.ts';

export const optionsService = defineService({
  name: 'options',
  description:
    'Option chains with IV and greeks; PCR, max pain, straddle, OI build-up, smile, RR/BF, surface, GEX; pricing and implied vol',
  needs: ['bus', 'store', 'cache'],
  prefixes: ['/options'],
  async routes(app, ctx) {
    await optionsRoutes(app, ctx.store.options, chainState(ctx.store.options, ctx.cache));
  },

  async start(ctx) {
    const consumer = await consumeChains(ctx.bus, ctx.store.options, chainState(ctx.store.options, ctx.cache));
    const pruning = startPruning(ctx.store.options, ctx.config.options.retentionHours, ctx.log);
    ctx.log.info({ retentionHours: ctx.config.options.retentionHours }, 'options analytics consuming md.chain.>');
    return {
      async stop() {
        await pruning.stop();
        await consumer.stop();
      },
    };
  },
});

import type { ServiceModule } from '@bourse/kit';
import { barsService } from '@bourse/svc-bars';
import { feedService } from '@bourse/svc-feed';
import { gatewayService } from '@bourse/svc-gateway';
import { ingestService } from '@bourse/svc-ingest';
import { marketDataService } from '@bourse/svc-market-data';
import { symbolsService } from '@bourse/svc-symbols';

/**
 * Every service, in start order: consumers before the producer would be ideal for
 * durability, but the bus queues for durables, so the order that matters is stop order:
 * the feed stops first (flushing its last batches), then ingest drains and flushes.
 */
export const ALL_SERVICES: readonly ServiceModule[] = [symbolsService, feedService, ingestService, barsService, marketDataService, gatewayService];

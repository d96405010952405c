import type { ServiceModule } from '@bourse/kit';
import { authService } from '@bourse/svc-auth';
import { barsService } from '@bourse/svc-bars';
import { feedService } from '@bourse/svc-feed';
import { gatewayService } from '@bourse/svc-gateway';
import { indicatorsService } from '@bourse/svc-indicators';
import { ingestService } from '@bourse/svc-ingest';
import { logsService } from '@bourse/svc-logs';
import { marketDataService } from '@bourse/svc-market-data';
import { optionsService } from '@bourse/svc-options';
import { streamService } from '@bourse/svc-stream';
import { symbolsService } from '@bourse/svc-symbols';

/**
 * Every service, in start order: consumers first, so that their durables exist before the
 * feed publishes its first tick. They stop in the reverse order: the feed first (publishing
 * its last batches), then the consumers drain and flush.
 */
export const ALL_SERVICES: readonly ServiceModule[] = [
  logsService,
  authService,
  symbolsService,
  ingestService,
  barsService,
  marketDataService,
  indicatorsService,
  optionsService,
  streamService,
  feedService,
  gatewayService,
];

import type { ServiceName } from '@bourse/core';
import type { AnyService, PortsOf } from '@bourse/kit';
import { aiService } from '@bourse/svc-ai';
import { authService } from '@bourse/svc-auth';
import { barsService } from '@bourse/svc-bars';
import { etlService } from '@bourse/svc-etl';
import { feedService } from '@bourse/svc-feed';
import { gatewayService } from '@bourse/svc-gateway';
import { indicatorsService } from '@bourse/svc-indicators';
import { insightsService } from '@bourse/svc-insights';
import { ingestService } from '@bourse/svc-ingest';
import { logsService } from '@bourse/svc-logs';
import { marketDataService } from '@bourse/svc-market-data';
import { optionsService } from '@bourse/svc-options';
import { streamService } from '@bourse/svc-stream';
import { symbolsService } from '@bourse/svc-symbols';

/**
 * Every service, in start order: consumers first, so that their durables exist before the
 * feed publishes its first tick. They stop in the reverse order: the feed first (publishing
 * its last batches), then the consumers drain and flush. The names are core's SERVICE_NAMES
 * (whose BOURSE_<NAME>_URL the gateway reads): a module whose name is not there does not compile.
 */
export const ALL_SERVICES = [
  logsService,
  authService,
  symbolsService,
  ingestService,
  barsService,
  marketDataService,
  indicatorsService,
  optionsService,
  aiService,
  insightsService,
  streamService,
  etlService,
  feedService,
  gatewayService,
] as const satisfies readonly (AnyService & { readonly name: ServiceName })[];

/** A name of SERVICE_NAMES without its module here does not compile either. */
const complete: Exclude<ServiceName, (typeof ALL_SERVICES)[number]['name']> extends never ? true : never = true;
void complete;

/** The ports of the embedded shape, where every service runs: all of them. */
export type EmbeddedPorts = PortsOf<(typeof ALL_SERVICES)[number]>;

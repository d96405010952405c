import type { Bus } from '@bourse/bus';
import { type OptionChainMessage, optionChainReader, subjects } from '@bourse/core';
import type { Worker } from '@bourse/kit';
import type { OptionAnalyticsRecord, OptionsRepository } from '@bourse/store';
import { analyseChain, type ChainAnalytics, dayOpenOf } from './analytics.ts';
import { type ChainState, DAY_MS } from './state.ts';

/** Chain ingestion: md.chain.<underlying> in, analytics history and the latest chain out. */

function historyRows(a: ChainAnalytics): OptionAnalyticsRecord[] {
  return a.analytics.map((x) => ({
    underlying: a.underlying,
    expiry: x.expiry,
    ts: a.ts,
    spot: a.spot,
    forward: x.forward,
    timeToExpiry: x.timeToExpiry,
    callOi: x.callOpenInterest,
    putOi: x.putOpenInterest,
    callVolume: x.callVolume,
    putVolume: x.putVolume,
    pcrOi: x.pcr.byOpenInterest,
    pcrVolume: x.pcr.byVolume,
    maxPain: x.maxPain?.strike ?? null,
    atmStrike: x.atm?.strike ?? null,
    straddle: x.atm?.straddle ?? null,
    atmIv: x.atmIv,
    rr25: x.rr25,
    bf25: x.bf25,
    gex: x.totalGex,
  }));
}

/**
 * Analyse one chain, store its analytics as history and, unless a newer chain is stored, make it the latest
 * (store first, then the cache). The build-up change is measured from the first snapshot of the chain's UTC
 * day; that snapshot itself, redelivered or not, has none.
 */
export async function ingestChain(repo: OptionsRepository, state: ChainState, chain: OptionChainMessage): Promise<ChainAnalytics> {
  const day = Math.floor(chain.ts / DAY_MS);
  const previous = await state.latest(chain.underlying);
  const sameDay = previous !== undefined && previous.day === day;
  const opens = !sameDay || previous.dayOpenedAt === chain.ts;
  const analysis = analyseChain(chain, opens ? undefined : previous.dayOpen);
  const dayOpen = sameDay ? previous.dayOpen : dayOpenOf(analysis);
  const dayOpenedAt = sameDay ? previous.dayOpenedAt : chain.ts;
  const roots = [...new Set(chain.expiries.map((e) => e.root))];
  const isLatest = await repo.saveSnapshot({ analytics: historyRows(analysis), latest: { chain, dayOpen, dayOpenedAt }, roots });
  if (isLatest) await state.remember({ analysis, day, dayOpen, dayOpenedAt }, roots);
  return analysis;
}

/**
 * Consume every underlying's chains, one at a time; a message that is not a valid chain is dead-lettered with
 * the schema's reason.
 */
export async function consumeChains(bus: Bus, repo: OptionsRepository, state: ChainState): Promise<Worker> {
  const chains = optionChainReader();
  return bus.consume(subjects.chainsAll, { durable: 'options', concurrency: 1 }, async (msg) => {
    await ingestChain(repo, state, chains.read(msg.envelope));
  });
}

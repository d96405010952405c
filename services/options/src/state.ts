import type { LatestChainRecord, OptionsRepository } from '@bourse/store';
import { analyseChain, type ChainAnalytics, type DayOpen } from './analytics.ts';

/**
 * What the service knows now, per underlying: the latest analysed chain and the open-interest build-up its
 * day opened at, and which underlying each OCC root belongs to. The store keeps them (the chain as received);
 * the cache holds the analysed form in front, and a miss is filled back from the store.
 */

export const DAY_MS = 86_400_000;
/** How long the cache keeps an entry (the feed refreshes chains every few seconds; the store keeps them all). */
const CHAIN_TTL_MS = 3_600_000;

/** The latest chain of an underlying, analysed, as the routes read it. */
export interface Latest {
  analysis: ChainAnalytics;
  /** the UTC day (epoch days) of the chain */
  day: number;
  /** the OI build-up at the first snapshot of that day */
  dayOpen: DayOpen;
  /** the chain time of that first snapshot */
  dayOpenedAt: number;
}

/** The part of the cache port this service uses. */
export interface ChainCache {
  get<T>(key: string): Promise<T | undefined>;
  setMany(entries: readonly { key: string; value: unknown; ttlMs?: number }[]): Promise<void>;
  setIfAbsent(key: string, value: unknown, ttlMs?: number): Promise<boolean>;
}

const key = {
  latest: (u: string) => `opt:chain:${u}`,
  root: (root: string) => `opt:root:${root}`,
};

export interface ChainState {
  latest(underlying: string): Promise<Latest | undefined>;
  underlyingOfRoot(root: string): Promise<string | undefined>;
  /** Put what an ingested chain made the latest in front of the store (after the store has it). */
  remember(latest: Latest, roots: readonly string[]): Promise<void>;
}

/** The analysed chain from its stored form: the same analysis the consumer made when the chain arrived. */
function analysed({ chain, dayOpen, dayOpenedAt }: LatestChainRecord): Latest {
  // The snapshot that opened the day has no build-up change; every later one is measured against it.
  const opens = dayOpenedAt === chain.ts;
  return { analysis: analyseChain(chain, opens ? undefined : dayOpen), day: Math.floor(chain.ts / DAY_MS), dayOpen, dayOpenedAt };
}

/**
 * Read-through: the cache, else the store (then the cache is filled). A fill never overwrites: should the
 * consumer store and cache a newer chain while a reader is busy analysing the stored one, the newer one stays.
 */
export function chainState(repo: OptionsRepository, cache: ChainCache): ChainState {
  return {
    async latest(underlying) {
      const cached = await cache.get<Latest>(key.latest(underlying));
      if (cached !== undefined) return cached;
      const stored = await repo.latestChain(underlying);
      if (stored === undefined) return undefined;
      const latest = analysed(stored);
      await cache.setIfAbsent(key.latest(underlying), latest, CHAIN_TTL_MS);
      return latest;
    },

    async underlyingOfRoot(root) {
      const cached = await cache.get<string>(key.root(root));
      if (cached !== undefined) return cached;
      const stored = await repo.underlyingOfRoot(root);
      if (stored !== undefined) await cache.setIfAbsent(key.root(root), stored, CHAIN_TTL_MS);
      return stored;
    },

    async remember(latest, roots) {
      const { underlying } = latest.analysis;
      await cache.setMany([
        { key: key.latest(underlying), value: latest, ttlMs: CHAIN_TTL_MS },
        ...roots.map((root) => ({ key: key.root(root), value: underlying, ttlMs: CHAIN_TTL_MS })),
      ]);
    },
  };
}
